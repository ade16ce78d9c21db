package parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link MessageStore} over JDBC; the SQL is plain enough for SQLite. */
public final class JdbcMessageStore implements MessageStore {
    private final DataSource dataSource;

    public JdbcMessageStore(Database database) {
        this.dataSource = database.dataSource();
    }

    @Override
    public Message append(String room, String author, String text, Instant sentAt) {
        return inTransaction(c -> insert(c, room, author, text, sentAt.toEpochMilli()));
    }

    /**
     * The key's row is written first: of two transactions with one key, the second waits on that row (a
     * unique key PostgreSQL locks until the first commits, the single writer lock on SQLite) and then finds it
     * taken. It writes nothing and reads the winner's answer, which is committed by then. Key first, room
     * row second is the same order in every post, so two posts never wait for each other in a circle.
     */
    @Override
    public Appended append(String room, String author, String text, Instant sentAt, PostKey key, Instant keptSince) {
        long at = sentAt.toEpochMilli();
        return inTransaction(c -> {
            if (!claim(c, key, at, keptSince.toEpochMilli())) {
                // Nothing was written: the commit that ends this transaction commits nothing.
                return read(c, key.scope(), key.key(), keptSince.toEpochMilli())
                        .orElseThrow(() -> new SQLException("The idempotency key was taken, and then not found"));
            }
            Message message = insert(c, room, author, text, at);
            try (PreparedStatement answered = c.prepareStatement(
                    "UPDATE idempotency_keys SET message_id = ? WHERE scope = ? AND idempotency_key = ?")) {
                answered.setLong(1, message.id());
                answered.setString(2, key.scope());
                answered.setString(3, key.key());
                answered.executeUpdate();
            }
            return new Appended.Stored(message);
        });
    }

    /**
     * Records the key unless it is there already and not expired (an expired one is taken over in place).
     * False when it was there: the key belongs to an earlier post.
     */
    private static boolean claim(Connection c, PostKey key, long at, long keptSince) throws SQLException {
        try (PreparedStatement claim = c.prepareStatement("""
                INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (scope, idempotency_key) DO UPDATE
                    SET fingerprint = excluded.fingerprint, created_at = excluded.created_at, message_id = NULL
                    WHERE idempotency_keys.created_at < ?""")) {
            claim.setString(1, key.scope());
            claim.setString(2, key.key());
            claim.setString(3, key.fingerprint());
            claim.setLong(4, at);
            claim.setLong(5, keptSince);
            return claim.executeUpdate() == 1;
        }
    }

    @Override
    public Optional<Appended.Earlier> earlier(String scope, String key, Instant keptSince) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, scope, key, keptSince.toEpochMilli());
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static Optional<Appended.Earlier> read(Connection c, String scope, String key, long keptSince)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT message_id, fingerprint FROM idempotency_keys
                WHERE scope = ? AND idempotency_key = ? AND created_at >= ? AND message_id IS NOT NULL""")) {
            s.setString(1, scope);
            s.setString(2, key);
            s.setLong(3, keptSince);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Appended.Earlier(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    @Override
    public int forgetKeys(Instant before) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
            s.setLong(1, before.toEpochMilli());
            return s.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The room's row and the message, in the caller's transaction; returns the message with its id. */
    private static Message insert(Connection c, String room, String author, String text, long at) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO rooms (name, created_at, last_active_at, message_count) VALUES (?, ?, ?, 1)
                ON CONFLICT (name) DO UPDATE SET last_active_at = excluded.last_active_at,
                                                 message_count = rooms.message_count + 1""")) {
            upsert.setString(1, room);
            upsert.setLong(2, at);
            upsert.setLong(3, at);
            upsert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO messages (room, author, text, sent_at) VALUES (?, ?, ?, ?) RETURNING id")) {
            insert.setString(1, room);
            insert.setString(2, author);
            insert.setString(3, text);
            insert.setLong(4, at);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return new Message(rs.getLong(1), room, author, text, Instant.ofEpochMilli(at));
            }
        }
    }

    /** Work that writes, committed as a whole before this returns (or rolled back as a whole). */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<Message> recent(String room, int limit) {
        List<Message> newestFirst = query(
                "SELECT id, room, author, text, sent_at FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?",
                room, limit);
        return newestFirst.reversed();
    }

    @Override
    public List<Message> after(String room, long afterId, int limit) {
        return query(
                "SELECT id, room, author, text, sent_at FROM messages WHERE room = ? AND id > ? ORDER BY id LIMIT ?",
                room, afterId, limit);
    }

    @Override
    public long latestId(String room) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM messages WHERE room = ?")) {
            s.setString(1, room);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<RoomSummary> rooms(int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT name, message_count, last_active_at FROM rooms ORDER BY last_active_at DESC, name LIMIT ?")) {
            s.setInt(1, limit);
            List<RoomSummary> rooms = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rooms.add(new RoomSummary(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
            return rooms;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private List<Message> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Message> messages = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    messages.add(new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return messages;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    static StoreUnavailable unavailable(SQLException e) {
        return new StoreUnavailable("The message store failed: " + e.getMessage(), e);
    }
}
