package org.tijori.account;

/**
 * A text message could not be sent; the person waiting for it must be told.
 */
public class SmsNotSentException extends RuntimeException {

    public SmsNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
