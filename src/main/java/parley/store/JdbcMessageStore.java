package parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
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
    public Message append(String room, Author author, String text, Instant sentAt, Set<String> mentionKeys) {
        long at = sentAt.toEpochMilli();
        return write(c -> insert(c, room, author, text, at, mentionKeys), this::isStored);
    }

    /** A post with its key, in a transaction of its own: {@link #appendAll}. */
    @Override
    public Appended append(String room, Author author, String text, Instant sentAt, Set<String> mentionKeys, PostKey key,
                           Instant keptSince) {
        return appendAll(List.of(new NewPost(room, author, text, sentAt, mentionKeys, key, keptSince))).get(0);
    }

    /**
     * Every key is claimed first, in the order of the keys, and only then is each message written, locking its
     * room's row. So every transaction, of one post or of several, takes key rows in one order and a room's row
     * after them, and two never wait for each other in a circle (on PostgreSQL, across nodes). Of two
     * transactions with one key, the second waits on its row (a unique key PostgreSQL locks until the first
     * commits, the single writer lock on SQLite) and then finds it taken: it writes nothing for that post and
     * reads the winner's answer, committed by then. A key twice in one call answers the later post with the
     * earlier one.
     */
    @Override
    public List<Appended> appendAll(List<NewPost> posts) {
        return write(c -> {
            Map<List<String>, NewPost> firstWithKey = new LinkedHashMap<>();
            posts.stream().filter(post -> post.key() != null).forEach(post -> firstWithKey.putIfAbsent(keyOf(post), post));
            Map<List<String>, Boolean> claimed = new HashMap<>();
            List<List<String>> keys = new ArrayList<>(firstWithKey.keySet());
            keys.sort(Comparator.comparing((List<String> key) -> key.get(0)).thenComparing(key -> key.get(1)));
            for (List<String> key : keys) {
                NewPost post = firstWithKey.get(key);
                claimed.put(key, claim(c, post.key(), post.sentAt().toEpochMilli(), post.keptSince().toEpochMilli()));
            }
            Map<List<String>, Message> storedWithKey = new HashMap<>();
            List<Appended> appended = new ArrayList<>(posts.size());
            for (NewPost post : posts) {
                if (post.key() == null) {
                    appended.add(new Appended.Stored(insert(c, post)));
                    continue;
                }
                List<String> key = keyOf(post);
                Message earlier = storedWithKey.get(key);
                if (earlier != null) { // the key's first post is in this call
                    appended.add(new Appended.Earlier(earlier.id(), firstWithKey.get(key).key().fingerprint()));
                } else if (!claimed.get(key)) { // an earlier post's key: nothing is written for this one
                    long keptSince = post.keptSince().toEpochMilli();
                    appended.add(read(c, post.key().scope(), post.key().key(), keptSince)
                            .orElseThrow(() -> new SQLException("The idempotency key was taken, and then not found")));
                } else {
                    Message message = insert(c, post);
                    answer(c, post.key(), message.id());
                    storedWithKey.put(key, message);
                    appended.add(new Appended.Stored(message));
                }
            }
            return appended;
        }, appended -> appended.stream()
                .allMatch(one -> !(one instanceof Appended.Stored stored) || isStored(stored.message())));
    }

    private static List<String> keyOf(NewPost post) {
        return List.of(post.key().scope(), post.key().key());
    }

    /** Records which message the key answered, in the message's transaction. */
    private static void answer(Connection c, PostKey key, long messageId) throws SQLException {
        try (PreparedStatement answered = c.prepareStatement(
                "UPDATE idempotency_keys SET message_id = ? WHERE scope = ? AND idempotency_key = ?")) {
            answered.setLong(1, messageId);
            answered.setString(2, key.scope());
            answered.setString(3, key.key());
            answered.executeUpdate();
        }
    }

    private static Message insert(Connection c, NewPost post) throws SQLException {
        return insert(c, post.room(), post.author(), post.text(), post.sentAt().toEpochMilli(), post.mentionKeys());
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
            throw StoreUnavailable.alreadyLogged("Could not store a change: " + problem.forOperator(), e);
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
     * The room's row (an open room, when this message starts it), the author's membership, the post's change
     * and the message, in the caller's transaction; returns the message with its id, the change's. The room's
     * row comes first: on PostgreSQL it stays locked until the commit, so the room's change ids are taken in
     * commit order.
     */
    private static Message insert(Connection c, String room, Author author, String text, long at,
                                  Set<String> mentionKeys) throws SQLException {
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
        List<Message.Mention> mentions = mentioned(c, room, mentionKeys);
        long id = nextChange(c, room, null, "post", at);
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO messages (id, room, author, author_id, text, sent_at, version, mention_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, id);
            insert.setString(2, room);
            insert.setString(3, author.name());
            insert.setObject(4, author.hasAccount() ? author.id() : null);
            insert.setString(5, text);
            insert.setLong(6, at);
            insert.setLong(7, id);
            insert.setInt(8, mentions.size());
            insert.executeUpdate();
        }
        storeMentions(c, id, mentions);
        return new Message(id, room, author.name(), author.hasAccount() ? author.id() : 0, text,
                Instant.ofEpochMilli(at), id, null, null, List.of(), mentions);
    }

    /** The members of the room whose name key is one of {@code keys}: whom a text with those keys mentions. */
    private static List<Message.Mention> mentioned(Connection c, String room, Set<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return List.of(); // most messages: no statement at all
        }
        List<Object> params = new ArrayList<>(keys.size() + 1);
        params.add(room);
        params.addAll(keys);
        return Jdbc.list(c, """
                SELECT a.id, a.name FROM accounts a JOIN memberships m ON m.account_id = a.id AND m.room = ?
                WHERE a.name_key IN (%s) ORDER BY a.name""".formatted(marks(keys.size())),
                rs -> new Message.Mention(rs.getLong(1), rs.getString(2)), params.toArray());
    }

    private static void storeMentions(Connection c, long id, List<Message.Mention> mentions) throws SQLException {
        for (Message.Mention mention : mentions) {
            Jdbc.update(c, "INSERT INTO mentions (message_id, account_id) VALUES (?, ?)", id, mention.accountId());
        }
    }

    private static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** Appends a change to the room's log and returns its id; the caller holds the room's row. */
    private static long nextChange(Connection c, String room, Long messageId, String kind, long at) throws SQLException {
        try (PreparedStatement change = c.prepareStatement(
                "INSERT INTO changes (room, message_id, kind, changed_at) VALUES (?, ?, ?, ?) RETURNING id")) {
            change.setString(1, room);
            change.setObject(2, messageId);
            change.setString(3, kind);
            change.setLong(4, at);
            try (ResultSet rs = change.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Optional<Message> edit(String room, long id, String text, Instant at, Set<String> mentionKeys) {
        return change(room, id, "edit", at, (c, change) -> {
            Jdbc.update(c, "DELETE FROM mentions WHERE message_id = ?", id);
            List<Message.Mention> mentions = mentioned(c, room, mentionKeys);
            Jdbc.update(c, "UPDATE messages SET text = ?, edited_at = ?, version = ?, mention_count = ? WHERE id = ?",
                    text, at.toEpochMilli(), change, mentions.size(), id);
            storeMentions(c, id, mentions);
        });
    }

    @Override
    public Optional<Message> delete(String room, long id, Instant at) {
        return change(room, id, "delete", at, (c, change) -> {
            Jdbc.update(c, "DELETE FROM reactions WHERE message_id = ?", id);
            Jdbc.update(c, "DELETE FROM mentions WHERE message_id = ?", id);
            Jdbc.update(c, """
                    UPDATE messages SET text = '', deleted_at = ?, version = ?, reaction_count = 0, mention_count = 0
                    WHERE id = ?""",
                    at.toEpochMilli(), change, id);
            Jdbc.update(c, "UPDATE rooms SET message_count = message_count - 1 WHERE name = ?", room);
        });
    }

    @Override
    public Optional<Message> react(String room, long id, long accountId, String emoji, Instant at) {
        return change(room, id, "react", at, (c, change) -> {
            int taken = Jdbc.update(c, "DELETE FROM reactions WHERE message_id = ? AND account_id = ? AND emoji = ?",
                    id, accountId, emoji);
            if (taken == 0) {
                Jdbc.update(c, "INSERT INTO reactions (message_id, account_id, emoji, reacted_at) VALUES (?, ?, ?, ?)",
                        id, accountId, emoji, at.toEpochMilli());
            }
            Jdbc.update(c, "UPDATE messages SET version = ?, reaction_count = reaction_count + ? WHERE id = ?",
                    change, taken == 0 ? 1 : -1, id);
        });
    }

    /** What a change does to its message, given the change's id, in the change's transaction. */
    private interface Edit {
        void apply(Connection c, long change) throws SQLException;
    }

    /**
     * A change to message {@code id} of the room, in one transaction: the room's row is locked (as a post
     * locks it, so the change's id is in commit order), the message is found not deleted, the change is
     * logged and applied. Empty, with nothing written, when the room has no such message or it is deleted
     * (also when a delete won the race for the room's row).
     */
    private Optional<Message> change(String room, long id, String kind, Instant at, Edit edit) {
        long when = at.toEpochMilli();
        return write(c -> {
            Jdbc.update(c, "UPDATE rooms SET name = name WHERE name = ?", room); // locks the row on PostgreSQL
            if (Jdbc.one(c, "SELECT id FROM messages WHERE room = ? AND id = ? AND deleted_at IS NULL",
                    rs -> rs.getLong(1), room, id).isEmpty()) {
                return Optional.<Message>empty();
            }
            long change = nextChange(c, room, id, kind, when);
            edit.apply(c, change);
            return withDetails(c, Jdbc.list(c, SELECT + " WHERE id = ?", JdbcMessageStore::message, id)).stream()
                    .findFirst();
        }, changed -> changed.isPresent() && isStored(changed.get()));
    }

    /**
     * Whether a message whose commit reported a failure is stored after all (the answer to a commit can be
     * lost on its way back), asked on another connection; false when that cannot be told either.
     */
    private boolean isStored(Message message) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE id = ? AND version = ?")) {
            s.setLong(1, message.id());
            s.setLong(2, message.version()); // a change's own id: no other change has it
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
        return query(SELECT + " WHERE room = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT ?", room, limit).reversed();
    }

    @Override
    public List<Message> after(String room, long afterId, int limit) {
        return query(SELECT + " WHERE room = ? AND id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?", room, afterId, limit);
    }

    @Override
    public List<Message> before(String room, long beforeId, int limit) {
        return query(SELECT + " WHERE room = ? AND id < ? AND deleted_at IS NULL ORDER BY id DESC LIMIT ?",
                room, beforeId, limit).reversed();
    }

    /**
     * Three reads on one index (room, id), not one transaction: a change between them shows in the page's
     * stream, which continues after the room's latest change as read before them.
     */
    @Override
    public List<Message> around(String room, long id, int context) {
        List<Message> itself = query(SELECT + " WHERE room = ? AND id = ? AND deleted_at IS NULL", room, id);
        if (itself.isEmpty()) {
            return List.of();
        }
        List<Message> around = new ArrayList<>(before(room, id, context));
        around.add(itself.getFirst());
        around.addAll(after(room, id, context));
        return around;
    }

    @Override
    public Optional<Message> message(String room, long id) {
        return query(SELECT + " WHERE room = ? AND id = ?", room, id).stream().findFirst();
    }

    @Override
    public List<Message> changedAfter(String room, long afterChange, int limit) {
        return query(SELECT + " WHERE room = ? AND version > ? ORDER BY version LIMIT ?", room, afterChange, limit);
    }

    /**
     * One query for all the rooms, however many: the cursors are a table of (room, change id) joined to the
     * messages on the (room, version) index.
     */
    @Override
    public List<Message> changedAfter(Map<String, Long> cursors, int limit) {
        if (cursors.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("WITH cursors (room, seen) AS (VALUES ");
        List<Object> params = new ArrayList<>(cursors.size() * 2 + 1);
        cursors.forEach((room, seen) -> {
            sql.append(params.isEmpty() ? "" : ", ").append("(CAST(? AS TEXT), CAST(? AS BIGINT))");
            params.add(room);
            params.add(seen);
        });
        sql.append(") SELECT ").append(COLUMNS.replace("id, room,", "m.id, m.room,").replace(", version,", ", m.version,"))
                .append(" FROM cursors JOIN messages m ON m.room = cursors.room AND m.version > cursors.seen")
                .append(" ORDER BY m.room, m.version LIMIT ?");
        params.add(limit);
        return query(sql.toString(), params.toArray());
    }

    @Override
    public long latestId(String room) {
        return jdbc.one("SELECT COALESCE(MAX(version), 0) FROM messages WHERE room = ?", rs -> rs.getLong(1), room)
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

    private static final String COLUMNS =
            "id, room, author, author_id, text, sent_at, version, edited_at, deleted_at, reaction_count, mention_count";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM messages";

    /** Messages and, in a second read for the ones that have any, their reactions. */
    private List<Message> query(String sql, Object... params) {
        return jdbc.call(c -> withDetails(c, Jdbc.list(c, sql, JdbcMessageStore::message, params)));
    }

    private static Message message(ResultSet rs) throws SQLException {
        long editedAt = rs.getLong(8);
        boolean edited = !rs.wasNull();
        long deletedAt = rs.getLong(9);
        boolean deleted = !rs.wasNull();
        // A message with reactions or mentions gets them from withDetails; null marks it as one that has some.
        return new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7), edited ? Instant.ofEpochMilli(editedAt) : null,
                deleted ? Instant.ofEpochMilli(deletedAt) : null, rs.getLong(10) > 0 ? null : List.of(),
                rs.getLong(11) > 0 ? null : List.of());
    }

    /** Fills in the reactions and mentions of the messages that have some: a read for each, only when needed. */
    private static List<Message> withDetails(Connection c, List<Message> messages) throws SQLException {
        return withMentions(c, withReactions(c, messages));
    }

    private static List<Message> withMentions(Connection c, List<Message> messages) throws SQLException {
        List<Long> mentioning = messages.stream().filter(m -> m.mentions() == null).map(Message::id).toList();
        if (mentioning.isEmpty()) {
            return messages;
        }
        Map<Long, List<Message.Mention>> byMessage = new HashMap<>();
        Jdbc.list(c, """
                SELECT n.message_id, a.id, a.name FROM mentions n JOIN accounts a ON a.id = n.account_id
                WHERE n.message_id IN (%s) ORDER BY a.name""".formatted(marks(mentioning.size())), rs -> {
            byMessage.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new Message.Mention(rs.getLong(2), rs.getString(3)));
            return null;
        }, mentioning.toArray());
        return messages.stream().map(m -> m.mentions() != null ? m : m.withMentions(byMessage.getOrDefault(m.id(), List.of())))
                .toList();
    }

    /**
     * Fills in the reactions of the messages that have some, in one read: each emoji in the order it was
     * first chosen, with the names of who chose it in the order they did.
     */
    private static List<Message> withReactions(Connection c, List<Message> messages) throws SQLException {
        List<Long> reacted = messages.stream().filter(m -> m.reactions() == null).map(Message::id).toList();
        if (reacted.isEmpty()) {
            return messages;
        }
        Map<Long, Map<String, List<String>>> byMessage = new HashMap<>();
        Jdbc.list(c, """
                SELECT r.message_id, r.emoji, a.name FROM reactions r JOIN accounts a ON a.id = r.account_id
                WHERE r.message_id IN (%s) ORDER BY r.reacted_at, a.name""".formatted(marks(reacted.size())), rs -> {
            byMessage.computeIfAbsent(rs.getLong(1), id -> new LinkedHashMap<>())
                    .computeIfAbsent(rs.getString(2), emoji -> new ArrayList<>()).add(rs.getString(3));
            return null;
        }, reacted.toArray());
        return messages.stream().map(m -> m.reactions() != null ? m : m.withReactions(
                byMessage.getOrDefault(m.id(), Map.of()).entrySet().stream()
                        .map(e -> new Message.Reaction(e.getKey(), List.copyOf(e.getValue()))).toList()))
                .toList();
    }

    static StoreUnavailable unavailable(SQLException e) {
        return new StoreUnavailable("The message store failed: " + e.getMessage(), e);
    }
}
