package org.tijori.account;

/**
 * A request about an account that cannot be granted as asked, with what was wrong in words for the
 * person (a username taken, a password too common, a wrong current password).
 *
 * @see #field() the form field it is about, or {@code null}
 */
public class AccountProblemException extends RuntimeException {

    private final String field;

    public AccountProblemException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
