package org.tijori.signing;

/**
 * The time-stamp authority gave no usable token: it could not be reached in time, answered with an error, or its
 * token did not cover what was sent. Nothing was signed; trying again later may work.
 */
public class TimeStampUnavailableException extends RuntimeException {

    TimeStampUnavailableException(String message) {
        super(message);
    }

    TimeStampUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
