package parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The few shapes of JDBC the account, session and room stores use: a query into records, an update, and
 * work in one transaction. Every failure is a {@link StoreUnavailable}, counted by kind.
 */
final class Jdbc {
    /** One row to one record. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Work done on one connection, in one transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Database database;
    private final DataSource dataSource;
    private final StoreErrors errors;

    Jdbc(Database database, StoreErrors errors) {
        this.database = database;
        this.dataSource = database.dataSource();
        this.errors = errors;
    }

    <T> List<T> list(String sql, Row<T> row, Object... params) {
        return call(c -> list(c, sql, row, params));
    }

    <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        return call(c -> one(c, sql, row, params));
    }

    int update(String sql, Object... params) {
        return call(c -> update(c, sql, params));
    }

    /** On one pooled connection, in auto-commit. */
    <T> T call(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * In one transaction: all of it is committed, or none of it. A connection whose work failed is
     * discarded rather than pooled again ({@link Database#discard}).
     */
    <T> T inTransaction(Work<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw failed(e);
        }
        try {
            c.setAutoCommit(false);
            T done = work.run(c);
            c.commit();
            c.close();
            return done;
        } catch (SQLException e) {
            database.discard(c);
            throw failed(e);
        } catch (RuntimeException e) {
            database.discard(c);
            throw e;
        }
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.read(rs));
            }
            return rows;
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s;
        } catch (SQLException e) {
            s.close();
            throw e;
        }
    }

    private StoreUnavailable failed(SQLException e) {
        errors.failed(StoreErrors.Kind.of(e));
        return JdbcMessageStore.unavailable(e);
    }
}
