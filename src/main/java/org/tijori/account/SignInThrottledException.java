package org.tijori.account;

import org.springframework.security.core.AuthenticationException;

/**
 * A password was not even compared: too many wrong ones lately for this username from this address, from
 * this address, or for this username from anywhere (see {@link SignInThrottle}).
 */
public class SignInThrottledException extends AuthenticationException {

    public SignInThrottledException() {
        super("Too many failed sign-ins lately");
    }
}
