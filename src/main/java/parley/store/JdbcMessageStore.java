package parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link MessageStore} over JDBC; the SQL is plain enough for SQLite. */
public final class JdbcMessageStore implements MessageStore {
    private final DataSource dataSource;
    private final StoreErrors errors;

    public JdbcMessageStore(Database database) {
        this(database, StoreErrors.NONE);
    }

    /** @param errors counts each failure by kind */
    public JdbcMessageStore(Database database, StoreErrors errors) {
        this.dataSource = database.dataSource();
        this.errors = errors;
    }

    @Override
    public Message append(String room, String author, String text, Instant sentAt) {
        long at = sentAt.toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement upsert = c.prepareStatement("""
                        INSERT INTO rooms (name, created_at, last_active_at, message_count) VALUES (?, ?, ?, 1)
                        ON CONFLICT (name) DO UPDATE SET last_active_at = excluded.last_active_at,
                                                         message_count = rooms.message_count + 1""")) {
                    upsert.setString(1, room);
                    upsert.setLong(2, at);
                    upsert.setLong(3, at);
                    upsert.executeUpdate();
                }
                long id;
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO messages (room, author, text, sent_at) VALUES (?, ?, ?, ?) RETURNING id")) {
                    insert.setString(1, room);
                    insert.setString(2, author);
                    insert.setString(3, text);
                    insert.setLong(4, at);
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                c.commit();
                return new Message(id, room, author, text, Instant.ofEpochMilli(at));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
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
            throw failed(e);
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
            throw failed(e);
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
            throw failed(e);
        }
    }

    /** Counted by kind, then answered as {@link StoreUnavailable}. */
    private StoreUnavailable failed(SQLException e) {
        errors.failed(StoreErrors.Kind.of(e));
        return unavailable(e);
    }

    static StoreUnavailable unavailable(SQLException e) {
        return new StoreUnavailable("The message store failed: " + e.getMessage(), e);
    }
}
