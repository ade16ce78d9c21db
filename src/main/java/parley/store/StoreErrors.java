package parley.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteException;

/**
 * Counts the store's failures by kind, for the operator (GET /metrics): implemented with Micrometer where
 * the node is wired, or {@link #NONE}. The kind is what an operator acts on: a full disk needs space, a
 * database that cannot be reached needs the network or the server, a busy one needs patience.
 */
public interface StoreErrors {
    /** What went wrong, as far as the database's error code tells. */
    enum Kind {
        /** the disk holding the database is full (SQLITE_FULL; PostgreSQL 53100) */
        DISK_FULL,
        /** the database refuses writes (SQLITE_READONLY; PostgreSQL 25006, a read-only standby) */
        READ_ONLY,
        /** locked by another writer, or a conflict to retry (SQLITE_BUSY/LOCKED; PostgreSQL 40001, 40P01, 55P03) */
        BUSY,
        /** the database cannot be reached: no connection from the pool in time, refused, dropped or shut down */
        UNREACHABLE,
        /** reading or writing the file failed (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_CORRUPT) */
        IO,
        /** anything else */
        OTHER;

        /** The kind of {@code e}, from the first SQLite result code or SQLSTATE found along its causes. */
        public static Kind of(SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLiteException sqlite) {
                    return ofSqlite(sqlite.getResultCode().code & 0xff); // the primary code of an extended one
                }
                if (t instanceof SQLException sql && sql.getSQLState() != null) {
                    return ofSqlState(sql.getSQLState());
                }
            }
            return e instanceof SQLTransientConnectionException ? UNREACHABLE : OTHER;
        }

        private static Kind ofSqlite(int primary) {
            return switch (primary) {
                case 13 -> DISK_FULL;        // SQLITE_FULL
                case 8 -> READ_ONLY;         // SQLITE_READONLY
                case 5, 6 -> BUSY;           // SQLITE_BUSY, SQLITE_LOCKED
                case 10, 11, 14 -> IO;       // SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_CANTOPEN
                default -> OTHER;
            };
        }

        private static Kind ofSqlState(String state) {
            if (state.equals("53100")) {
                return DISK_FULL;
            }
            if (state.equals("25006")) {
                return READ_ONLY;
            }
            if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
                return BUSY;
            }
            // 08: connection exceptions; 57P01-57P03: the server is shutting down or not yet accepting
            if (state.startsWith("08") || state.startsWith("57P0")) {
                return UNREACHABLE;
            }
            return OTHER;
        }
    }

    /** The store failed and answered {@link StoreUnavailable}. */
    void failed(Kind kind);

    /** Counts nothing. */
    StoreErrors NONE = kind -> {};
}
