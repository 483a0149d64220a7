package org.tijori;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are the database being away, answered 503, and which are faults of ours, answered 500.
 */
class DatabaseOutageTests {

    @Test
    void thePoolsTimeoutAndARefusedConnectionAreAnOutageHoweverSpringWrapsThem() {
        var refused = new PSQLException("Connection to localhost:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused"));
        var timedOut = new SQLTransientConnectionException("HikariPool-1 - Connection is not available", null, refused);

        assertThat(DatabaseOutage.caused(new CannotCreateTransactionException("Could not open JDBC Connection",
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", timedOut)))).isTrue();
        assertThat(DatabaseOutage.caused(new IllegalStateException(refused))).isTrue();
    }

    @Test
    void aServerThatShutsDownOrStartsAndAConnectionTheDriverLostAreAnOutage() {
        assertThat(DatabaseOutage.caused(new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseOutage.caused(new SQLException("FATAL: the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DatabaseOutage.caused(new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE))).isTrue();
        assertThat(DatabaseOutage.caused(new RuntimeException(new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void aRefusedStatementOrAnyOtherFailureIsNoOutage() {
        assertThat(DatabaseOutage.caused(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseOutage.caused(new SQLException("canceling statement due to statement timeout", "57014")))
                .isFalse();
        assertThat(DatabaseOutage.caused(new SQLException("closed?"))).isFalse();
        assertThat(DatabaseOutage.caused(new IllegalStateException("no"))).isFalse();
        assertThat(DatabaseOutage.caused(null)).isFalse();
    }
}
