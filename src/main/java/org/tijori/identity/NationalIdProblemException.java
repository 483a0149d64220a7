package org.tijori.identity;

/**
 * A national ID cannot be linked, unlinked or used as asked, with the reason in words for the person.
 */
public class NationalIdProblemException extends RuntimeException {

    public NationalIdProblemException(String message) {
        super(message);
    }
}
