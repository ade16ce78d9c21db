package parley.store;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Why the database would not store a post, in words: {@link #inWords} for anyone (it is what {@code /health}
 * says, so it names no path), {@link #forOperator} for the log, with where to look and the driver's own
 * message. Two problems with the same words are the same problem, however the driver worded it.
 */
public record WriteProblem(String inWords, String forOperator) {
    // SQLite's primary result codes (sqlite-jdbc reports them as SQLException.getErrorCode()).
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    /** A failed write to the SQLite file {@code file}. */
    static WriteProblem onSqlite(SQLException e, Path file) {
        Path directory = file.toAbsolutePath().getParent();
        String driver = " (" + e.getMessage() + ")";
        return switch (sqliteCode(e)) {
            case SQLITE_FULL -> new WriteProblem("the disk holding the messages is full",
                    "the disk holding " + directory + " is full" + driver);
            case SQLITE_READONLY -> new WriteProblem("the message store is read-only",
                    file.toAbsolutePath() + " cannot be written: it or the disk holding it is read-only" + driver);
            case SQLITE_IOERR -> new WriteProblem("the disk holding the messages fails to write",
                    "the disk holding " + directory + " fails to write" + driver);
            default -> new WriteProblem("the message store failed", "the message store failed" + driver);
        };
    }

    /** A failed write to PostgreSQL, told apart by SQLSTATE (PostgreSQL's appendix A, "Error Codes"). */
    static WriteProblem onPostgres(SQLException e) {
        String state = sqlState(e);
        String driver = " (" + e.getMessage() + ")";
        if (state.equals("53100")) {
            return new WriteProblem("PostgreSQL's disk is full", "PostgreSQL's disk is full" + driver);
        }
        if (state.equals("25006")) {
            return new WriteProblem("PostgreSQL refuses writes: the database is read-only",
                    "PostgreSQL refuses writes: the database is read-only" + driver
                            + "; look at default_transaction_read_only, or whether this is a standby");
        }
        if (state.equals("42501")) {
            return new WriteProblem("PostgreSQL refuses writes: permission denied",
                    "PostgreSQL refuses writes: permission denied" + driver);
        }
        if (state.startsWith("53")) {
            return new WriteProblem("PostgreSQL is out of resources", "PostgreSQL is out of resources" + driver);
        }
        if (state.startsWith("08") || state.startsWith("57P")) {
            return new WriteProblem("PostgreSQL does not answer", "PostgreSQL does not answer" + driver);
        }
        return new WriteProblem("the message store failed", "the message store failed" + driver);
    }

    /** The first SQLite result code in the chain (the pool may wrap the driver's exception). */
    private static int sqliteCode(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    /** The first SQLSTATE in the chain, or "" when there is none. */
    private static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }
}
