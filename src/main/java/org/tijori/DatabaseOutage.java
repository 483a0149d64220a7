package org.tijori;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure that came from the database being away (stopped, restarting, unreachable, or every connection of
 * the pool busy past its wait) from any other: the first is answered 503, try again, the second is a fault of ours.
 */
public final class DatabaseOutage {

    /** How deep a chain of causes is followed; a longer chain is not one that the driver or the pool makes. */
    private static final int DEPTH = 24;

    static final String EVICTED = "Connection is closed";

    private DatabaseOutage() {
    }

    /**
     * Whether the failure, or one of its causes, is the pool's or the driver's report that no connection could be
     * had or kept: SQL state class 08 (connection exception), 57P01 to 57P03 (the server shutting down, crashed or
     * still starting), or the JDBC exceptions that say so; and Hikari's stand-in for a connection that it has
     * already evicted as broken, which says only {@value #EVICTED} (a library that uses the connection again after
     * a failed query, to roll back, meets it; bucket4j's rate limits do).
     */
    public static boolean caused(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < DEPTH; depth++) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() == null && EVICTED.equals(sql.getMessage())) {
                return true;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return false;
    }
}
