package parley.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A running server's SQLite file ({@link TestServer#data()}) opened beside it, as an operator's sqlite3 shell
 * would be, to make the store fail on purpose: a trigger that aborts an insert, a table out of the way.
 */
public final class SqliteFile {
    private SqliteFile() {}

    /** Runs each statement on the file, in its own connection, and closes it again. */
    public static void execute(Path file, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000"); // the server may be writing: wait for it, as it waits for us
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("on " + file + ": " + e.getMessage(), e);
        }
    }
}
