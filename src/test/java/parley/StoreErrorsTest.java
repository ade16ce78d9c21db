package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import parley.store.StoreErrors.Kind;

/** A store failure is counted by a kind an operator can act on, from the drivers' own codes. */
class StoreErrorsTest {

    @Test
    void sqliteResultCodesAreSortedIntoKinds() {
        assertThat(Kind.of(new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL))).isEqualTo(Kind.DISK_FULL);
        assertThat(Kind.of(new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_WRITE))).isEqualTo(Kind.IO);
        assertThat(Kind.of(new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY))).isEqualTo(Kind.BUSY);
        assertThat(Kind.of(new SQLiteException("attempt to write a readonly database", SQLiteErrorCode.SQLITE_READONLY)))
                .isEqualTo(Kind.READ_ONLY);
        assertThat(Kind.of(new SQLiteException("no such table", SQLiteErrorCode.SQLITE_ERROR))).isEqualTo(Kind.OTHER);
    }

    @Test
    void postgresSqlStatesAreSortedIntoKinds() {
        assertThat(Kind.of(new SQLException("could not extend file: No space left on device", "53100"))).isEqualTo(Kind.DISK_FULL);
        assertThat(Kind.of(new SQLException("cannot execute INSERT in a read-only transaction", "25006"))).isEqualTo(Kind.READ_ONLY);
        assertThat(Kind.of(new SQLException("Connection refused", "08001"))).isEqualTo(Kind.UNREACHABLE);
        assertThat(Kind.of(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(Kind.UNREACHABLE);
        assertThat(Kind.of(new SQLException("deadlock detected", "40P01"))).isEqualTo(Kind.BUSY);
    }

    @Test
    void thePoolsTimeoutIsUnreachableUnlessItsCauseSaysMore() {
        assertThat(Kind.of(new SQLTransientConnectionException("parley - Connection is not available, request timed out")))
                .isEqualTo(Kind.UNREACHABLE);
        assertThat(Kind.of(new SQLTransientConnectionException("timed out",
                new SQLiteException("database or disk is full", SQLiteErrorCode.SQLITE_FULL)))).isEqualTo(Kind.DISK_FULL);
    }
}
