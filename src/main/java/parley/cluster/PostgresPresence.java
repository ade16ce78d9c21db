package parley.cluster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.live.SharedPresence;
import parley.store.Database;
import parley.store.StoreUnavailable;

/**
 * Who is in which room, across the nodes that share a PostgreSQL. Each node keeps its row in {@code nodes}
 * fresh every beat and one row per room it has people in ({@code presence}); a change is announced on
 * {@code parley_presence} as "node room", and every node then reads the room's names again. Each node
 * hears those announcements on its {@link PostgresBus}'s one listening connection, which hands them here.
 *
 * <p>A node that dies stops beating. Its people are left out of every read once its row is older than
 * {@link #DEAD_AFTER_BEATS} beats, and the first node to beat after that deletes its rows and announces
 * the rooms, so browsers see them leave within that many beats plus one.
 */
public final class PostgresPresence implements SharedPresence {
    private static final Logger log = LoggerFactory.getLogger(PostgresPresence.class);
    static final int DEAD_AFTER_BEATS = 3;
    /** The longest beat: a dead node's people are gone within four of them. */
    private static final Duration LONGEST_BEAT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final ScheduledExecutorService timer;
    private final Duration beat;
    private final String node = UUID.randomUUID().toString();
    /** This node's last word on each room, to say it again if the others swept this node away. */
    private final Map<String, List<String>> shared = new ConcurrentHashMap<>();
    /** Rooms whose last share did not reach PostgreSQL; the next beat says it again. */
    private final Set<String> unsent = ConcurrentHashMap.newKeySet();
    private volatile Listener listener = room -> {};
    private ScheduledFuture<?> beating;

    /** @param beat how often this node says it is alive; see {@link #beatFor} */
    public PostgresPresence(Database database, ScheduledExecutorService timer, Duration beat) {
        this.dataSource = database.dataSource();
        this.timer = timer;
        this.beat = beat;
    }

    /**
     * Nodes beat every five seconds, or twice per heartbeat when that is shorter, so a node that dies
     * leaves its rooms' presence within four beats; the listening connection is checked as often.
     */
    public static Duration beatFor(Duration heartbeat) {
        Duration half = heartbeat.dividedBy(2);
        return half.compareTo(LONGEST_BEAT) < 0 ? half : LONGEST_BEAT;
    }

    /** This node's id, random for each start: a restarted node is a new node. */
    String node() {
        return node;
    }

    /** How long after its last beat a node's people are dropped, at most. */
    private Duration bound() {
        return beat.multipliedBy(DEAD_AFTER_BEATS + 1);
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        try {
            beat();
        } catch (StoreUnavailable e) {
            log.warn("Cannot register this node's presence yet: {}", e.getMessage());
        }
        beating = timer.scheduleWithFixedDelay(this::beatQuietly, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What the bus's listening connection heard on {@value PostgresBus#PRESENCE}: "node room". This node's
     * own changes are already shown here.
     */
    void heard(String payload) {
        int space = payload.indexOf(' ');
        if (space > 0 && !payload.substring(0, space).equals(node)) {
            listener.changedElsewhere(payload.substring(space + 1));
        }
    }

    /** The bus lost its connection for a while: any change to the room in that time went unheard. */
    void missed(String room) {
        listener.changedElsewhere(room);
    }

    @Override
    public void share(String room, List<String> here) {
        if (here.isEmpty()) {
            shared.remove(room);
        } else {
            shared.put(room, List.copyOf(here));
        }
        try {
            inTransaction(c -> {
                write(c, room, here);
                notify(c, node, room);
            });
        } catch (StoreUnavailable e) {
            unsent.add(room);
            throw e;
        }
    }

    @Override
    public List<String> everyone(String room, List<String> here) {
        List<String> names = new ArrayList<>(here);
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT DISTINCT unnest(p.names) FROM presence p JOIN nodes n ON n.id = p.node
                        WHERE p.room = ? AND p.node <> ? AND n.seen_at > now() - ? * interval '1 millisecond'""")) {
            select.setString(1, room);
            select.setString(2, node);
            select.setLong(3, deadAfter().toMillis());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Map<String, List<String>> elsewhere(Collection<String> rooms) {
        Map<String, List<String>> names = new HashMap<>();
        if (rooms.isEmpty()) {
            return names;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("""
                        SELECT p.room, unnest(p.names) FROM presence p JOIN nodes n ON n.id = p.node
                        WHERE p.room = ANY (?) AND p.node <> ? AND n.seen_at > now() - ? * interval '1 millisecond'""")) {
            select.setArray(1, c.createArrayOf("text", rooms.toArray()));
            select.setString(2, node);
            select.setLong(3, deadAfter().toMillis());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    names.computeIfAbsent(rs.getString(1), room -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return names;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Leaves: this node's people leave every room at once, instead of when the others notice its silence. */
    @Override
    public void close() {
        if (beating != null) {
            beating.cancel(false);
        }
        try {
            inTransaction(c -> {
                update(c, "DELETE FROM nodes WHERE id = ?", node);
                // This node's rows are now orphans: removed and announced with any others.
                removeOrphans(c);
            });
        } catch (StoreUnavailable e) {
            log.warn("Could not remove this node's presence (the others will, within {}): {}", bound(), e.getMessage());
        }
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (StoreUnavailable e) {
            log.debug("Presence beat skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Presence beat failed", e); // and beat again next time: the timer must keep running
        }
    }

    /** Refreshes this node, and sweeps the nodes that stopped. */
    private void beat() {
        Set<String> resent = new LinkedHashSet<>();
        inTransaction(c -> {
            boolean known;
            try (PreparedStatement touch = c.prepareStatement("UPDATE nodes SET seen_at = now() WHERE id = ?")) {
                touch.setString(1, node);
                known = touch.executeUpdate() == 1;
            }
            if (!known) {
                // First beat, or the others took this node for dead (PostgreSQL was away): say it all again.
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO nodes (id, seen_at) VALUES (?, now())")) {
                    insert.setString(1, node);
                    insert.executeUpdate();
                }
                unsent.addAll(shared.keySet());
            }
            resent.addAll(unsent);
            for (String room : resent) {
                write(c, room, shared.getOrDefault(room, List.of()));
                notify(c, node, room);
            }
            update(c, "DELETE FROM nodes WHERE seen_at < now() - ? * interval '1 millisecond'", deadAfter().toMillis());
            removeOrphans(c);
        });
        unsent.removeAll(resent);
    }

    private void write(Connection c, String room, List<String> here) throws SQLException {
        if (here.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM presence WHERE node = ? AND room = ?")) {
                delete.setString(1, node);
                delete.setString(2, room);
                delete.executeUpdate();
            }
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO presence (node, room, names) VALUES (?, ?, ?)
                ON CONFLICT (node, room) DO UPDATE SET names = excluded.names""")) {
            Array names = c.createArrayOf("text", here.toArray());
            upsert.setString(1, node);
            upsert.setString(2, room);
            upsert.setArray(3, names);
            upsert.executeUpdate();
        }
    }

    private static void notify(Connection c, String node, String room) throws SQLException {
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, PostgresBus.PRESENCE);
            notify.setString(2, node + " " + room);
            notify.execute();
        }
    }

    /**
     * Deletes the presence rows of nodes that are gone (swept now, by another node's sweep, or leaving) and
     * announces each room they were in, so every node shows that room without them.
     */
    private static void removeOrphans(Connection c) throws SQLException {
        try (PreparedStatement orphans = c.prepareStatement("""
                WITH gone AS (
                    DELETE FROM presence p WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = p.node)
                    RETURNING p.node, p.room)
                SELECT pg_notify(?, node || ' ' || room) FROM gone""")) {
            orphans.setString(1, PostgresBus.PRESENCE);
            orphans.execute();
        }
    }

    private static void update(Connection c, String sql, Object parameter) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setObject(1, parameter);
            update.executeUpdate();
        }
    }

    private Duration deadAfter() {
        return beat.multipliedBy(DEAD_AFTER_BEATS);
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static StoreUnavailable unavailable(SQLException e) {
        return new StoreUnavailable("Presence could not reach PostgreSQL: " + e.getMessage(), e);
    }
}
