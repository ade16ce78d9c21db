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

    /** A room in someone's sidebar; {@code others} are the other people of a direct room. */
    public record Listed(String name, RoomKind kind, List<String> others) {}

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

    static void join(Connection c, String room, long accountId, Instant at) throws SQLException {
        Jdbc.update(c, """
                INSERT INTO memberships (room, account_id, joined_at) VALUES (?, ?, ?)
                ON CONFLICT (room, account_id) DO NOTHING""", room, accountId, at.toEpochMilli());
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
                    join(c, name, id, at);
                }
                return name;
            }
            return Jdbc.one(c, "SELECT name FROM rooms WHERE direct_key = ?", rs -> rs.getString(1), key)
                    .orElseThrow(() -> new SQLException("The direct room's name " + name + " is taken by another room"));
        });
    }

    /** The rooms the account is a member of: open and private ones by name, then direct ones. */
    public List<Listed> of(long accountId) {
        return jdbc.call(c -> {
            Map<String, List<String>> others = new LinkedHashMap<>();
            for (String[] pair : Jdbc.list(c, """
                    SELECT m2.room, a.name FROM memberships m1
                    JOIN rooms r ON r.name = m1.room AND r.kind = 'direct'
                    JOIN memberships m2 ON m2.room = m1.room AND m2.account_id <> m1.account_id
                    JOIN accounts a ON a.id = m2.account_id
                    WHERE m1.account_id = ? ORDER BY a.name""",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, accountId)) {
                others.computeIfAbsent(pair[0], room -> new ArrayList<>()).add(pair[1]);
            }
            return Jdbc.list(c, """
                    SELECT r.name, r.kind FROM memberships m JOIN rooms r ON r.name = m.room
                    WHERE m.account_id = ? ORDER BY CASE WHEN r.kind = 'direct' THEN 1 ELSE 0 END, r.name""",
                    rs -> {
                        String name = rs.getString(1);
                        return new Listed(name, RoomKind.of(rs.getString(2)), others.getOrDefault(name, List.of()));
                    }, accountId);
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
