package org.tijori;

/**
 * The database that Tijori was configured to use does not accept connections.
 */
public class DatabaseUnreachableException extends RuntimeException {

    private final String url;

    DatabaseUnreachableException(String url, Throwable cause) {
        super("Tijori cannot connect to the database at " + url + ": " + cause.getMessage(), cause);
        this.url = url;
    }

    public String url() {
        return url;
    }
}
