package org.tijori;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The machine's own PostgreSQL at 127.0.0.1:5432 (user {@code postgres}, trust authentication), with its client
 * programs (psql, pg_dump, pg_restore) on the PATH: what an operator's backup runs with. The suite's embedded
 * PostgreSQL comes without those programs, so tests of the backup scripts run only where both are found (CI
 * installs them) and are skipped elsewhere.
 */
final class MachinePostgres {

    static final String HOST = "127.0.0.1";

    static final int PORT = 5432;

    static final String USER = "postgres";

    private MachinePostgres() {
    }

    /** Skips the test unless the server answers and pg_dump is at least as new as the server. */
    static void assumeAvailable() {
        int server;
        try (Connection connection = connect("postgres");
             var result = connection.createStatement().executeQuery("show server_version_num")) {
            result.next();
            server = Integer.parseInt(result.getString(1)) / 10000;
        }
        catch (SQLException e) {
            assumeTrue(false, "no PostgreSQL at " + HOST + ":" + PORT + ": " + e.getMessage());
            return;
        }
        int client = clientVersion();
        assumeTrue(client >= server, "pg_dump " + client + " cannot dump PostgreSQL " + server);
    }

    private static int clientVersion() {
        try {
            for (String tool : new String[] { "psql", "pg_restore" }) {
                Process check = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                check.getInputStream().readAllBytes();
                assumeTrue(check.waitFor() == 0, tool + " is not installed");
            }
            Process dump = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true).start();
            String version = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor();
            Matcher major = Pattern.compile("(\\d+)\\.").matcher(version);
            assumeTrue(major.find(), "pg_dump did not say its version: " + version);
            return Integer.parseInt(major.group(1));
        }
        catch (IOException e) {
            assumeTrue(false, "pg_dump, pg_restore or psql is not installed: " + e.getMessage());
            return 0;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, "");
    }

    /** A new, empty database with a name of its own. */
    static String createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
        execute("create database " + name);
        return name;
    }

    static void dropDatabase(String name) throws SQLException {
        execute("drop database if exists " + name + " with (force)");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** libpq's variables for a database of this server, to run the backup scripts with. */
    static Map<String, String> environment(String database) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PGHOST", HOST);
        environment.put("PGPORT", Integer.toString(PORT));
        environment.put("PGUSER", USER);
        environment.put("PGDATABASE", database);
        return environment;
    }
}
