package org.tijori.sharing;

/** Stand-in until the stamp branch lands: a PDF that cannot carry a stamp. */
class UnstampablePdfException extends RuntimeException {

    UnstampablePdfException(String message, Throwable cause) {
        super(message, cause);
    }
}
