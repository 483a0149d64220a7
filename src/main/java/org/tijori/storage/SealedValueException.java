package org.tijori.storage;

/**
 * A sealed value could not be opened: it was sealed for another context, altered, or sealed under a
 * master key that is no longer in the keyset. Nothing of the value is returned.
 */
public class SealedValueException extends RuntimeException {

    public SealedValueException(String context, Throwable cause) {
        super("A value sealed for context '" + context + "' could not be opened: it was sealed for another "
                + "context, altered, or sealed under a master key that is no longer in the keyset", cause);
    }
}
