package org.tijori.account;

import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * A request about an account that cannot be granted as asked, with what was wrong in words for the
 * person (a username taken, a password too common, a wrong current password).
 *
 * @see #field() the form field it is about, or {@code null}
 */
public class AccountProblemException extends RuntimeException {

    private final String field;

    private final String key;

    private final Object[] arguments;

    public AccountProblemException(String field, String message) {
        this(field, null, new Object[0], message);
    }

    /**
     * A problem whose words a page takes from its messages by the key, with these arguments in the message's
     * placeholders; the message is the same sentence in English, for the API and the log.
     */
    AccountProblemException(String field, String key, Object[] arguments, String message) {
        super(message);
        this.field = field;
        this.key = key;
        this.arguments = arguments.clone();
    }

    public String field() {
        return field;
    }

    /** The problem in the reader's words: the message of its key, or its English message where it has none. */
    public String words(MessageSource messages, Locale locale) {
        return key == null ? getMessage() : messages.getMessage(key, arguments, getMessage(), locale);
    }
}
