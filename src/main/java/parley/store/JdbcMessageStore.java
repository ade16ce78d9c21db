package parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** {@link MessageStore} over JDBC; the SQL is plain enough for SQLite. */
public final class JdbcMessageStore implements MessageStore {
    private static final String NOT_ANSWERING = "the message store does not answer";
    /** The longest message by default, 2,000 characters, is up to 8,000 bytes in UTF-8. */
    private static final int CHECK_BYTES = 8 * 1024;
    private static final Random RANDOM = new Random();

    private final Database database;
    private final DataSource dataSource;
    private final WriteHealth writes = new WriteHealth();
    private final StoreErrors errors;
    /** The reads, and the writes that are not posts (a post's write is explained and counted by {@link #write}). */
    private final Jdbc jdbc;

    public JdbcMessageStore(Database database) {
        this(database, StoreErrors.NONE);
    }

    /** @param errors counts each failure by kind */
    public JdbcMessageStore(Database database, StoreErrors errors) {
        this.database = database;
        this.dataSource = database.dataSource();
        this.errors = errors;
        this.jdbc = new Jdbc(database, errors);
    }

    /**
     * Stores the message in one transaction and returns it once committed. When it throws, nothing of the
     * message is stored: a 503 for it may be sent to another node without the message arriving twice.
     */
    @Override
    public Message append(String room, Author author, String text, Instant sentAt) {
        long at = sentAt.toEpochMilli();
        return write(c -> insert(c, room, author, text, at), this::isStored);
    }

    /**
     * The key's row is written first: of two transactions with one key, the second waits on that row (a
     * unique key PostgreSQL locks until the first commits, the single writer lock on SQLite) and then finds it
     * taken. It writes nothing and reads the winner's answer, which is committed by then. Key first, room
     * row second is the same order in every post, so two posts never wait for each other in a circle.
     */
    @Override
    public Appended append(String room, Author author, String text, Instant sentAt, PostKey key, Instant keptSince) {
        long at = sentAt.toEpochMilli();
        return write(c -> {
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
        }, appended -> appended instanceof Appended.Stored stored && isStored(stored.message()));
    }

    /**
     * A post's write: {@link #inTransaction}, with a failure explained and counted once for the operator
     * (and for /health), and a success clearing it.
     */
    private <T> T write(Work<T> work, Predicate<T> committedAfterAll) {
        T done;
        try {
            done = inTransaction(work, committedAfterAll);
        } catch (SQLException e) {
            errors.failed(StoreErrors.Kind.of(e));
            WriteProblem problem = database.explain(e);
            writes.postRefused(problem);
            throw StoreUnavailable.alreadyLogged("Could not store a post: " + problem.forOperator(), e);
        }
        writes.worked();
        return done;
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
        return jdbc.call(c -> read(c, scope, key, keptSince.toEpochMilli()));
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
        return jdbc.update("DELETE FROM idempotency_keys WHERE created_at < ?", before.toEpochMilli());
    }

    /**
     * The room's row (an open room, when this message starts it), the author's membership and the message,
     * in the caller's transaction; returns the message with its id.
     */
    private static Message insert(Connection c, String room, Author author, String text, long at) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO rooms (name, created_at, last_active_at, message_count) VALUES (?, ?, ?, 1)
                ON CONFLICT (name) DO UPDATE SET last_active_at = excluded.last_active_at,
                                                 message_count = rooms.message_count + 1""")) {
            upsert.setString(1, room);
            upsert.setLong(2, at);
            upsert.setLong(3, at);
            upsert.executeUpdate();
        }
        if (author.hasAccount() && author.joins()) {
            RoomStore.join(c, room, author.id(), Instant.ofEpochMilli(at));
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO messages (room, author, author_id, text, sent_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            insert.setString(1, room);
            insert.setString(2, author.name());
            insert.setObject(3, author.hasAccount() ? author.id() : null);
            insert.setString(4, text);
            insert.setLong(5, at);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return new Message(rs.getLong(1), room, author.name(), text, Instant.ofEpochMilli(at));
            }
        }
    }

    /**
     * Whether a message whose commit reported a failure is stored after all (the answer to a commit can be
     * lost on its way back), asked on another connection; false when that cannot be told either.
     */
    private boolean isStored(Message message) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT COUNT(*) FROM messages WHERE id = ? AND room = ? AND author = ? AND text = ? AND sent_at = ?""")) {
            s.setLong(1, message.id());
            s.setString(2, message.room());
            s.setString(3, message.author());
            s.setString(4, message.text());
            s.setLong(5, message.sentAt().toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** Work that writes, committed as a whole before {@link #inTransaction} returns, or not at all. */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction. When it fails, its connection is discarded rather than pooled
     * again ({@link Database#discard} says why), and the failure is thrown: nothing was stored. Unless the
     * commit itself failed and {@code committedAfterAll} finds the work's result stored: then it is returned.
     */
    private <T> T inTransaction(Work<T> work, Predicate<T> committedAfterAll) throws SQLException {
        Connection c = dataSource.getConnection();
        T done = null;
        try {
            c.setAutoCommit(false);
            done = work.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            database.discard(c);
            if (done != null && committedAfterAll.test(done)) {
                return done;
            }
            throw e;
        }
        try {
            c.close();
        } catch (SQLException e) {
            database.discard(c); // committed all the same
        }
        return done;
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
    public List<Message> before(String room, long beforeId, int limit) {
        List<Message> newestFirst = query(
                "SELECT id, room, author, text, sent_at FROM messages WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?",
                room, beforeId, limit);
        return newestFirst.reversed();
    }

    /** Three reads on one index (room, id), not one transaction: a message is never changed once stored. */
    @Override
    public List<Message> around(String room, long id, int context) {
        List<Message> itself = query(
                "SELECT id, room, author, text, sent_at FROM messages WHERE room = ? AND id = ?", room, id);
        if (itself.isEmpty()) {
            return List.of();
        }
        List<Message> around = new ArrayList<>(before(room, id, context));
        around.add(itself.getFirst());
        around.addAll(after(room, id, context));
        return around;
    }

    @Override
    public long latestId(String room) {
        return jdbc.one("SELECT COALESCE(MAX(id), 0) FROM messages WHERE room = ?", rs -> rs.getLong(1), room)
                .orElse(0L);
    }

    @Override
    public List<RoomSummary> rooms(int limit) {
        return jdbc.list("""
                SELECT name, message_count, last_active_at FROM rooms WHERE kind = 'open' AND message_count > 0
                ORDER BY last_active_at DESC, name LIMIT ?""",
                rs -> new RoomSummary(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))), limit);
    }

    /**
     * While writes fail, tries one (at most once a second, whoever asks), so /health turns back to ok when
     * writes work again even if no one posts.
     */
    @Override
    public Optional<String> problem() {
        if (writes.checkDue()) {
            checkWrites();
        }
        Optional<WriteProblem> writing = writes.problem();
        if (writing.isPresent()) {
            return Optional.of(writing.get().inWords());
        }
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2) ? Optional.empty() : Optional.of(NOT_ANSWERING);
        } catch (SQLException e) {
            return Optional.of(NOT_ANSWERING);
        }
    }

    /**
     * A write as large as a long post: one row of the settings table, set to {@link #CHECK_BYTES} of random
     * text. A smaller one could fit on a disk that still has no room for a post.
     */
    private void checkWrites() {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            writes.checkFailed(database.explain(e));
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO settings (name, value) VALUES ('write_check', ?)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value""")) {
            byte[] noise = new byte[CHECK_BYTES / 2];
            RANDOM.nextBytes(noise); // random, so PostgreSQL cannot compress it into less
            s.setString(1, HexFormat.of().formatHex(noise));
            s.executeUpdate();
        } catch (SQLException e) {
            database.discard(c);
            writes.checkFailed(database.explain(e));
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            database.discard(c);
        }
        writes.worked();
    }

    private List<Message> query(String sql, Object... params) {
        return jdbc.list(sql, rs -> new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5))), params);
    }


    static StoreUnavailable unavailable(SQLException e) {
        return new StoreUnavailable("The message store failed: " + e.getMessage(), e);
    }
}
