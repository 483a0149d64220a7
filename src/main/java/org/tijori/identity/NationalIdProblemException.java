package org.tijori.identity;

/**
 * A national ID cannot be linked, unlinked or used as asked, with the reason in words for the person.
 */
public class NationalIdProblemException extends RuntimeException {

    private final String key;

    public NationalIdProblemException(String message) {
        this(null, message);
    }

    /**
     * @param key the message key of the sentence a page shows in the reader's language, or null to show the message
     * @param message the reason in English
     */
    NationalIdProblemException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The message key of the reason in the reader's language; null when the message is already in it. */
    public String key() {
        return key;
    }
}
