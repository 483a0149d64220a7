package org.tijori;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns the start-up failures that operators cause (a data directory Tijori cannot write, a database
 * it cannot reach) into one plain explanation instead of a stack trace.
 */
final class StartupFailureAnalyzers {

    private StartupFailureAnalyzers() {
    }

    static class StateDirectoryUnusable extends AbstractFailureAnalyzer<StateDirectoryUnusableException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, StateDirectoryUnusableException cause) {
            return new FailureAnalysis(
                    "Tijori cannot write to its data directory " + cause.directory() + " ("
                            + describe(cause.getCause()) + ").",
                    "Make the folder writable for the user running Tijori, or point tijori.data-dir "
                            + "(environment variable TIJORI_DATA_DIR) to a folder it can write.",
                    cause);
        }
    }

    static class DatabaseUnreachable extends AbstractFailureAnalyzer<DatabaseUnreachableException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnreachableException cause) {
            return new FailureAnalysis(
                    "Tijori cannot connect to the database at " + cause.url() + " ("
                            + describe(cause.getCause()) + ").",
                    "Check spring.datasource.url, spring.datasource.username and spring.datasource.password, "
                            + "and that PostgreSQL 15 or later is running there; leave spring.datasource.url unset "
                            + "to use the embedded database in tijori.data-dir.",
                    cause);
        }
    }

    static class StateDirectoryInUse extends AbstractFailureAnalyzer<StateDirectoryInUseException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, StateDirectoryInUseException cause) {
            return new FailureAnalysis(
                    "Another Tijori process is running with the data directory " + cause.directory()
                            + " and its embedded database.",
                    "Stop the other process, or give this one its own tijori.data-dir (environment variable "
                            + "TIJORI_DATA_DIR). Several nodes share one external PostgreSQL "
                            + "(spring.datasource.url), never one embedded database.",
                    cause);
        }
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "no detail";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
