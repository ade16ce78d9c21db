package parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rooms as places people belong to: their kind, who is a member, and each person's list of rooms. */
public final class RoomStore {
    /** A room that exists, and whether the person asking is a member. */
    public record Access(RoomKind kind, boolean member) {}

    /**
     * A room in someone's sidebar; {@code others} are the other people of a direct room. {@code readUpTo} is
     * the change the person has read up to, {@code unread} how many messages of others are after it, and
     * {@code mentions} the ids of those that mention the person. {@code latest} is the room's latest change
     * when this was read: what was posted up to it is counted here.
     */
    public record Listed(String name, RoomKind kind, List<String> others, Involvement involvement, long readUpTo,
                         int unread, List<Long> mentions, long latest) {}

    /**
     * Unread messages are counted up to this many in each room (the sidebar shows "99+"): a room left unread
     * for a year costs its reader no more than a busy day, on every page they open.
     */
    public static final int COUNTED = 100;

    /** Where a member has read a room up to, after {@link #markRead}. */
    public enum Read { MOVED, ALREADY, NOT_A_CHANGE }

    private final Jdbc jdbc;

    public RoomStore(Database database) {
        this(database, StoreErrors.NONE);
    }

    public RoomStore(Database database, StoreErrors errors) {
        this.jdbc = new Jdbc(database, errors);
    }

    /**
     * The room's kind and whether the account is a member, in one query; empty for a name no room has.
     * Every request under /rooms/{room} asks this first, whatever it goes on to do.
     */
    public Optional<Access> access(String room, long accountId) {
        return jdbc.one("""
                SELECT r.kind, m.account_id FROM rooms r
                LEFT JOIN memberships m ON m.room = r.name AND m.account_id = ?
                WHERE r.name = ?""",
                rs -> {
                    RoomKind kind = RoomKind.of(rs.getString(1));
                    rs.getLong(2);
                    return new Access(kind, !rs.wasNull());
                }, accountId, room);
    }

    /** Creates an empty room of this kind with its creator as the first member; false when the name is taken. */
    public boolean create(String room, RoomKind kind, long creatorId, Instant at) {
        return jdbc.inTransaction(c -> {
            int created = Jdbc.update(c, """
                    INSERT INTO rooms (name, created_at, last_active_at, message_count, kind) VALUES (?, ?, ?, 0, ?)
                    ON CONFLICT (name) DO NOTHING""", room, at.toEpochMilli(), at.toEpochMilli(), kind.column());
            if (created == 1) {
                join(c, room, creatorId, at);
            }
            return created == 1;
        });
    }

    /** Makes the account a member of the room (which exists); nothing when it is one already. */
    public void join(String room, long accountId, Instant at) {
        jdbc.call(c -> {
            join(c, room, accountId, at);
            return null;
        });
    }

    /** A new member has read what was there before they joined: they are shown it, not told of it as unread. */
    static void join(Connection c, String room, long accountId, Instant at) throws SQLException {
        join(c, room, accountId, at, Involvement.MENTIONS);
    }

    private static void join(Connection c, String room, long accountId, Instant at, Involvement involvement)
            throws SQLException {
        Jdbc.update(c, """
                INSERT INTO memberships (room, account_id, joined_at, involvement, read_up_to)
                VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(version), 0) FROM messages WHERE room = ?))
                ON CONFLICT (room, account_id) DO NOTHING""", room, accountId, at.toEpochMilli(), involvement.column(), room);
    }

    /**
     * The member has read the room up to change {@code changeId}, which must be one of the room's changes; a
     * position only moves forward. Nothing changes for someone who is not a member.
     */
    public Read markRead(String room, long accountId, long changeId) {
        return jdbc.inTransaction(c -> {
            if (Jdbc.one(c, "SELECT id FROM changes WHERE id = ? AND room = ?", rs -> rs.getLong(1), changeId, room).isEmpty()) {
                return Read.NOT_A_CHANGE;
            }
            return Jdbc.update(c, "UPDATE memberships SET read_up_to = ? WHERE room = ? AND account_id = ? AND read_up_to < ?",
                    changeId, room, accountId, changeId) == 1 ? Read.MOVED : Read.ALREADY;
        });
    }

    /** How involved the member chose to be in the room; false when they are not a member. */
    public boolean involve(String room, long accountId, Involvement involvement) {
        return jdbc.update("UPDATE memberships SET involvement = ? WHERE room = ? AND account_id = ?",
                involvement.column(), room, accountId) == 1;
    }

    public void leave(String room, long accountId) {
        jdbc.update("DELETE FROM memberships WHERE room = ? AND account_id = ?", room, accountId);
    }

    /** The names of the room's members, by name. */
    public List<String> members(String room) {
        return jdbc.list("""
                SELECT a.name FROM memberships m JOIN accounts a ON a.id = m.account_id
                WHERE m.room = ? ORDER BY a.name""", rs -> rs.getString(1), room);
    }

    /**
     * The direct room of exactly these people ({@code key} names them: their sorted account ids), created
     * with the name {@code name} and all of them as members the first time. Returns its name.
     */
    public String direct(String key, String name, List<Long> accountIds, Instant at) {
        // Written first, read after: of two nodes opening the same room at once, one inserts, the other waits
        // on the unique key and then finds the winner's room.
        return jdbc.inTransaction(c -> {
            int created = Jdbc.update(c, """
                    INSERT INTO rooms (name, created_at, last_active_at, message_count, kind, direct_key)
                    VALUES (?, ?, ?, 0, 'direct', ?) ON CONFLICT DO NOTHING""", name, at.toEpochMilli(), at.toEpochMilli(), key);
            if (created == 1) {
                for (long id : accountIds) {
                    join(c, name, id, at, Involvement.EVERYTHING);
                }
                return name;
            }
            return Jdbc.one(c, "SELECT name FROM rooms WHERE direct_key = ?", rs -> rs.getString(1), key)
                    .orElseThrow(() -> new SQLException("The direct room's name " + name + " is taken by another room"));
        });
    }

    /** The rooms the account is a member of: open and private ones by name, then direct ones. */
    public List<Listed> of(long accountId) {
        return listed(accountId, null);
    }

    /** The room as {@link #of} lists it for the account; empty when they are not a member. */
    public Optional<Listed> of(long accountId, String room) {
        return listed(accountId, room).stream().findFirst();
    }

    /** The account's rooms, or the one named {@code only}, with what is unread in each. */
    private List<Listed> listed(long accountId, String only) {
        String oneRoom = only == null ? "" : " AND m1.room = ?";
        Object[] params = only == null ? new Object[] {accountId} : new Object[] {accountId, only};
        return jdbc.call(c -> {
            Map<String, List<String>> others = new LinkedHashMap<>();
            for (String[] pair : Jdbc.list(c, """
                    SELECT m2.room, a.name FROM memberships m1
                    JOIN rooms r ON r.name = m1.room AND r.kind = 'direct'
                    JOIN memberships m2 ON m2.room = m1.room AND m2.account_id <> m1.account_id
                    JOIN accounts a ON a.id = m2.account_id
                    WHERE m1.account_id = ?%s ORDER BY a.name""".formatted(oneRoom),
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, params)) {
                others.computeIfAbsent(pair[0], room -> new ArrayList<>()).add(pair[1]);
            }
            Map<String, List<Long>> mentions = new LinkedHashMap<>();
            Jdbc.list(c, """
                    SELECT x.room, x.id FROM mentions n
                    JOIN messages x ON x.id = n.message_id
                    JOIN memberships m1 ON m1.room = x.room AND m1.account_id = n.account_id
                    WHERE n.account_id = ? AND x.id > m1.read_up_to AND x.deleted_at IS NULL
                      AND COALESCE(x.author_id, 0) <> n.account_id%s ORDER BY x.id""".formatted(oneRoom), rs -> {
                mentions.computeIfAbsent(rs.getString(1), room -> new ArrayList<>()).add(rs.getLong(2));
                return null;
            }, params);
            return Jdbc.list(c, """
                    SELECT r.name, r.kind, m1.involvement, m1.read_up_to,
                           (SELECT COUNT(*) FROM (SELECT 1 FROM messages x WHERE x.room = m1.room AND x.id > m1.read_up_to
                              AND x.deleted_at IS NULL AND COALESCE(x.author_id, 0) <> m1.account_id LIMIT %d) counted),
                           (SELECT COALESCE(MAX(version), 0) FROM messages x WHERE x.room = m1.room)
                    FROM memberships m1 JOIN rooms r ON r.name = m1.room
                    WHERE m1.account_id = ?%s ORDER BY CASE WHEN r.kind = 'direct' THEN 1 ELSE 0 END, r.name"""
                            .formatted(COUNTED, oneRoom),
                    rs -> {
                        String name = rs.getString(1);
                        return new Listed(name, RoomKind.of(rs.getString(2)), others.getOrDefault(name, List.of()),
                                Involvement.of(rs.getString(3)), rs.getLong(4), rs.getInt(5),
                                mentions.getOrDefault(name, List.of()), rs.getLong(6));
                    }, params);
        });
    }

    /** How many rooms there are of each kind (an empty open room not yet started is none). */
    public Map<RoomKind, Long> countByKind() {
        Map<RoomKind, Long> counts = new java.util.EnumMap<>(RoomKind.class);
        for (RoomKind kind : RoomKind.values()) {
            counts.put(kind, 0L);
        }
        jdbc.list("SELECT kind, COUNT(*) FROM rooms GROUP BY kind", rs -> counts.put(RoomKind.of(rs.getString(1)), rs.getLong(2)));
        return counts;
    }
}
