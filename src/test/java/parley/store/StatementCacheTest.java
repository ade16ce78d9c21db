package parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite file's connections keep their prepared statements between uses. What must not change with that: the
 * file's settings, what a read sees after another connection's commit, and a statement's next use after it failed.
 */
class StatementCacheTest {
    @TempDir
    Path dir;
    private Database database;
    private DataSource dataSource;

    @BeforeEach
    void open() throws SQLException {
        database = Database.sqlite(dir.resolve("parley.db"));
        dataSource = database.dataSource();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theFileKeepsItsDurabilitySettings() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(c, "synchronous")).isEqualTo("2"); // FULL: a commit is on disk before it returns
            assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(c, "busy_timeout")).isEqualTo("10000");
        }
    }

    @Test
    void aReadWhoseResultWasLeftOpenDoesNotHideLaterCommits() throws SQLException {
        try (Connection reader = dataSource.getConnection(); Connection writer = dataSource.getConnection()) {
            assertThat(countOnce(reader)).isZero();
            insert(writer, 1, "first");
            assertThat(countOnce(reader)).isEqualTo(1); // the same statement again, on the same connection
            insert(writer, 2, "second");
            assertThat(newest(reader)).isEqualTo(2); // another statement, while the first is put aside
            assertThat(countOnce(reader)).isEqualTo(2);
        }
    }

    @Test
    void aStatementThatFailedDoesNotSpoilTheNextUseOfItsSql() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            insert(c, 1, "first");
            assertThatThrownBy(() -> insert(c, 1, "again")).isInstanceOf(SQLException.class); // the same id
            insert(c, 2, "second");
            try (PreparedStatement s = c.prepareStatement("SELECT group_concat(text, ',') FROM notes");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("first,second");
            }
        }
    }

    @Test
    void aClosedStatementCannotBeUsedAndTwoAtOnceOfOneSqlBothWork() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PreparedStatement first = c.prepareStatement("SELECT ?");
            PreparedStatement second = c.prepareStatement("SELECT ?");
            first.setInt(1, 1);
            second.setInt(1, 2);
            try (ResultSet one = first.executeQuery(); ResultSet two = second.executeQuery()) {
                one.next();
                two.next();
                assertThat(one.getInt(1)).isEqualTo(1);
                assertThat(two.getInt(1)).isEqualTo(2);
            }
            first.close();
            second.close();
            assertThat(first.isClosed()).isTrue();
            assertThatThrownBy(first::executeQuery).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aStatementsSettingsAndUnreadResultsDoNotReachItsNextUser() throws SQLException {
        try (Connection reader = dataSource.getConnection(); Connection writer = dataSource.getConnection()) {
            insert(writer, 1, "first");
            insert(writer, 2, "second");
            try (PreparedStatement s = reader.prepareStatement("SELECT text FROM notes ORDER BY id")) {
                s.setMaxRows(1);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.next()).isFalse();
                }
            }
            try (PreparedStatement s = reader.prepareStatement("SELECT text FROM notes ORDER BY id");
                    ResultSet rs = s.executeQuery()) {
                assertThat(rs.next() && rs.next()).isTrue(); // both rows: the limit went with the statement
            }
            PreparedStatement executed = reader.prepareStatement("SELECT count(*) FROM notes");
            assertThat(executed.execute()).isTrue(); // a result, never asked for
            executed.close();
            insert(writer, 3, "third");
            assertThat(newest(reader)).isEqualTo(3);
        }
    }

    /** Counts the notes, and closes the statement but not its result: a caller's slip the cache must absorb. */
    private static int countOnce(Connection c) throws SQLException {
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM notes");
        ResultSet rs = s.executeQuery();
        rs.next();
        int count = rs.getInt(1);
        s.close();
        return count;
    }

    private static int newest(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT max(id) FROM notes"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void insert(Connection c, int id, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notes (id, text) VALUES (?, ?)")) {
            s.setInt(1, id);
            s.setString(2, text);
            s.executeUpdate();
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
