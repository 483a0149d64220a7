package org.tijori.account;

/**
 * Too many attempts of one kind from one number, account or address; try again later.
 */
public class RateLimitedException extends RuntimeException {

    public RateLimitedException(String message) {
        super(message);
    }
}
