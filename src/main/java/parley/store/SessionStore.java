package parley.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * Signed-in browsers, one row each. Only a hash of each session's token is kept; ending a session deletes
 * its row, so the next request that shows its cookie finds nothing.
 */
public final class SessionStore {
    /** A live session and whose it is. */
    public record Found(long sessionId, Account account, Instant lastSeenAt) {}

    /** A session as its owner sees it on /account. */
    public record Listed(long id, Instant createdAt, Instant lastSeenAt, String userAgent) {}

    private final Jdbc jdbc;

    public SessionStore(Database database) {
        this(database, StoreErrors.NONE);
    }

    public SessionStore(Database database, StoreErrors errors) {
        this.jdbc = new Jdbc(database, errors);
    }

    /** Records a new session; returns its id. */
    public long start(long accountId, String tokenHash, String userAgent, Instant at) {
        return jdbc.one("""
                INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, user_agent)
                VALUES (?, ?, ?, ?, ?) RETURNING id""", rs -> rs.getLong(1),
                tokenHash, accountId, at.toEpochMilli(), at.toEpochMilli(), userAgent).orElseThrow();
    }

    /** The session with this token hash, seen at {@code seenSince} or later, of an active account. */
    public Optional<Found> find(String tokenHash, Instant seenSince) {
        return jdbc.one("""
                SELECT a.id, a.name, a.role, a.active, a.created_at, s.id, s.last_seen_at
                FROM sessions s JOIN accounts a ON a.id = s.account_id
                WHERE s.token_hash = ? AND s.last_seen_at >= ? AND a.active = TRUE""",
                rs -> new Found(rs.getLong(6), AccountStore.account(rs), Instant.ofEpochMilli(rs.getLong(7))),
                tokenHash, seenSince.toEpochMilli());
    }

    public void seen(long sessionId, Instant at) {
        jdbc.update("UPDATE sessions SET last_seen_at = ? WHERE id = ?", at.toEpochMilli(), sessionId);
    }

    /** The account's sessions, most recently seen first. */
    public List<Listed> of(long accountId) {
        return jdbc.list("""
                SELECT id, created_at, last_seen_at, user_agent FROM sessions WHERE account_id = ?
                ORDER BY last_seen_at DESC, id DESC""",
                rs -> new Listed(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getString(4)), accountId);
    }

    /** Ends the session if it is the account's; returns whether it was. */
    public boolean end(long sessionId, long accountId) {
        return jdbc.update("DELETE FROM sessions WHERE id = ? AND account_id = ?", sessionId, accountId) == 1;
    }

    /** Ends every session of the account but {@code keep}; returns the ids ended. */
    public List<Long> endOthers(long accountId, long keep) {
        return jdbc.list("DELETE FROM sessions WHERE account_id = ? AND id <> ? RETURNING id",
                rs -> rs.getLong(1), accountId, keep);
    }

    /** Ends every session of the account; returns the ids ended. */
    public List<Long> endAll(long accountId) {
        return jdbc.list("DELETE FROM sessions WHERE account_id = ? RETURNING id", rs -> rs.getLong(1), accountId);
    }

    /** Which of these sessions still exist (a session that ended has no row). */
    public Set<Long> existing(Collection<Long> ids) {
        Set<Long> found = new HashSet<>();
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) { // a bounded statement, however many streams
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            found.addAll(jdbc.list("SELECT id FROM sessions WHERE id IN (" + marks + ")", rs -> rs.getLong(1),
                    chunk.toArray()));
        }
        return found;
    }

    /** Forgets sessions not seen since {@code before}; returns how many. */
    public int forgetIdle(Instant before) {
        return jdbc.update("DELETE FROM sessions WHERE last_seen_at < ?", before.toEpochMilli());
    }
}
