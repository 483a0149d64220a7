package org.tijori.identity;

/**
 * The national-ID registry file ({@code tijori.identity.registry-file}) cannot be read or holds an
 * entry that breaks the rules. Raised at start-up, naming the entry and the problem.
 */
public class IdentityRegistryException extends RuntimeException {

    public IdentityRegistryException(String message) {
        super(message);
    }

    public IdentityRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
