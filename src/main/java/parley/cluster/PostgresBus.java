package parley.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.live.Bus;
import parley.live.Hub;
import parley.store.Message;
import parley.store.MessageStore;
import parley.store.StoreUnavailable;

/**
 * The bus of nodes that share a PostgreSQL. Every change to a room is announced by the database itself (a
 * trigger on the change log: {@code NOTIFY parley_changes, 'room id'}, sent with the commit), so this node
 * publishes nothing: it hears its own changes like everyone else's, on one dedicated connection.
 *
 * <p>A notification is a doorbell: it only says "the room has changes up to this id". For each room with
 * subscribers here the bus keeps a cursor, the last change it delivered, and on a batch of rings reads the
 * messages changed after the cursors of all the rooms rung, in one query, each once in its latest form, in
 * change order. The same read is how it catches up after the listening connection was lost: on reconnecting
 * it LISTENs first, then reads every followed room after its cursor, so nothing committed in between is
 * missed (a change both read and announced is skipped by the cursor, and by each subscriber's own last id).
 */
public final class PostgresBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);
    static final String CHANGES = "parley_changes";
    static final String PRESENCE = "parley_presence";
    /** Ended sessions: "id,id,…", so every node ends their streams. */
    static final String SESSIONS = "parley_sessions";
    /** A person's room changed in the store (read, joined, left, involvement): "account room", for their sidebar. */
    static final String ATTENTION = "parley_attention";
    /** Someone is typing: "room name" (a room name has no space; a person's name may). */
    static final String TYPING = "parley_typing";
    /** A page went away: "session page room", so the node holding its stream ends it. */
    static final String PAGES = "parley_pages";
    private static final int PAGE = 500;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    private final String url;
    private final DataSource pool;
    private final MessageStore store;
    private final Hub hub;
    private final PostgresPresence presence;
    private final Duration probe;
    /** Room → the last change this node delivered to it; only rooms with subscribers here. */
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    private final Thread listener;
    private volatile boolean running = true;
    private volatile Receiver receiver;
    private volatile Connection listening;

    /**
     * @param url      the JDBC URL of the shared database, for the one listening connection (not from the pool)
     * @param presence told what this connection hears on {@value #PRESENCE}: one connection listens for both
     * @param probe    how long the listening connection may be silent before it is checked with a query
     */
    public PostgresBus(String url, DataSource pool, MessageStore store, Hub hub, PostgresPresence presence,
                       Duration probe) {
        this.url = url;
        this.pool = pool;
        this.store = store;
        this.hub = hub;
        this.presence = presence;
        this.probe = probe;
        this.listener = Thread.ofPlatform().daemon().name("parley-listen").unstarted(this::listen);
    }

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
        listener.start();
    }

    @Override
    public void published(Message message) {
        // The insert's trigger has announced it to every node, this one included.
    }

    /**
     * Ends the sessions' streams here at once, and tells the other nodes (this one hears it too, which ends
     * nothing more). Sent from a pooled connection: NOTIFY is delivered when it commits.
     *
     * @throws StoreUnavailable when the other nodes could not be told
     */
    @Override
    public void sessionsEnded(Set<Long> sessionIds) {
        receiver.sessionsEnded(sessionIds);
        // A payload is at most 8000 bytes: ids go in chunks that fit.
        List<Long> ids = List.copyOf(sessionIds);
        for (int from = 0; from < ids.size(); from += 400) {
            String payload = ids.subList(from, Math.min(ids.size(), from + 400)).stream()
                    .map(String::valueOf).collect(Collectors.joining(","));
            try (Connection c = pool.getConnection();
                    PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, SESSIONS);
                notify.setString(2, payload);
                notify.execute();
            } catch (SQLException e) {
                throw new StoreUnavailable("Could not tell the other nodes that sessions ended: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Tells every node, this one included when it hears it back: the person's sidebar may be open on any of
     * them. Sent from a pooled connection, delivered when it commits.
     *
     * @throws StoreUnavailable when the nodes could not be told
     */
    @Override
    public void attentionChanged(long accountId, String room) {
        try (Connection c = pool.getConnection();
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, ATTENTION);
            notify.setString(2, accountId + " " + room);
            notify.execute();
        } catch (SQLException e) {
            throw new StoreUnavailable("Could not tell the other nodes of a read: " + e.getMessage(), e);
        }
    }

    /** Tells every node, this one included when it hears it back. A lost word of typing is no loss: not thrown. */
    @Override
    public void typing(String room, String name) {
        try (Connection c = pool.getConnection();
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, TYPING);
            notify.setString(2, room + " " + name);
            notify.execute();
        } catch (SQLException e) {
            log.debug("Could not tell the other nodes that someone is typing: {}", e.toString());
        }
    }

    /**
     * Ends the page's stream here at once if it is here, and tells the other nodes, one of which may hold it
     * (a balancer sends the page's last request anywhere).
     *
     * @throws StoreUnavailable when the other nodes could not be told
     */
    @Override
    public void pageLeft(String room, long sessionId, String page) {
        receiver.pageLeft(room, sessionId, page);
        try (Connection c = pool.getConnection();
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, PAGES);
            notify.setString(2, sessionId + " " + page + " " + room);
            notify.execute();
        } catch (SQLException e) {
            throw new StoreUnavailable("Could not tell the other nodes that a page went away: " + e.getMessage(), e);
        }
    }

    @Override
    public void following(String room, long id) {
        cursors.putIfAbsent(room, id);
    }

    @Override
    public void close() {
        running = false;
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.close(); // wakes the listener out of its wait
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            listener.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen() {
        Duration retry = FIRST_RETRY;
        boolean lost = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, listenerProperties())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANGES);
                    statement.execute("LISTEN " + PRESENCE);
                    statement.execute("LISTEN " + SESSIONS);
                    statement.execute("LISTEN " + ATTENTION);
                    statement.execute("LISTEN " + TYPING);
                    statement.execute("LISTEN " + PAGES);
                }
                catchUp(); // after LISTEN: whatever commits from here on is also announced
                listening = connection;
                if (lost) {
                    log.info("Listening to PostgreSQL again; every followed room is caught up.");
                    lost = false;
                }
                retry = FIRST_RETRY;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] batch = pg.getNotifications((int) probe.toMillis());
                    if (batch != null && batch.length > 0) {
                        handle(batch);
                    } else {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("SELECT 1"); // a silent connection may be a dead one
                        }
                    }
                }
            } catch (SQLException | StoreUnavailable e) {
                listening = null;
                if (!running) {
                    return;
                }
                if (!lost) {
                    log.warn("Lost the PostgreSQL listening connection ({}); reconnecting, then catching up.",
                            e.getMessage());
                    lost = true;
                }
                pause(retry);
                retry = Collections.min(List.of(retry.multipliedBy(2), LAST_RETRY));
            }
        }
    }

    private Properties listenerProperties() {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "parley-listen " + presence.node());
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("tcpKeepAlive", "true");
        // Longer than a probe's wait, so only a connection that is really gone times out.
        properties.setProperty("socketTimeout", String.valueOf(Math.max(10, probe.multipliedBy(3).toSeconds())));
        return properties;
    }

    /** One batch: a read per room with news (however many messages it announced), then presence. */
    private void handle(PGNotification[] batch) {
        Map<String, long[]> news = new LinkedHashMap<>(); // room → {first id, last id} announced
        Set<String> presenceChanged = new LinkedHashSet<>(); // "node room" payloads
        Set<Long> sessionsEnded = new HashSet<>();
        Set<String> attention = new LinkedHashSet<>(); // "account room" payloads
        List<String[]> pagesLeft = new ArrayList<>(); // {session, page, room}
        for (PGNotification notification : batch) {
            String payload = notification.getParameter();
            if (SESSIONS.equals(notification.getName())) {
                for (String id : payload.split(",")) {
                    sessionsEnded.add(Long.parseLong(id.strip()));
                }
                continue;
            }
            if (PAGES.equals(notification.getName())) {
                String[] parts = payload.split(" ", 3);
                if (parts.length == 3) {
                    pagesLeft.add(parts);
                }
                continue;
            }
            int space = payload.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            if (TYPING.equals(notification.getName())) {
                int first = payload.indexOf(' ');
                if (first > 0) {
                    receiver.typing(payload.substring(0, first), payload.substring(first + 1));
                }
                continue;
            }
            if (ATTENTION.equals(notification.getName())) {
                attention.add(payload);
            } else if (CHANGES.equals(notification.getName())) {
                long id = Long.parseLong(payload.substring(space + 1));
                news.computeIfAbsent(payload.substring(0, space), room -> new long[] {id, id})[1] = id;
            } else if (PRESENCE.equals(notification.getName())) {
                presenceChanged.add(payload);
            }
        }
        Map<String, Long> rung = new LinkedHashMap<>();
        news.forEach((room, ids) -> {
            if (receiver.follows(room)) {
                // A room seen for the first time starts just before its first announced change.
                long cursor = cursors.getOrDefault(room, ids[0] - 1);
                if (ids[1] > cursor) {
                    rung.put(room, cursor);
                }
            } else {
                forget(room);
            }
        });
        deliverAfter(rung);
        presenceChanged.forEach(presence::heard);
        if (!sessionsEnded.isEmpty()) {
            receiver.sessionsEnded(sessionsEnded);
        }
        for (String payload : attention) {
            int space = payload.indexOf(' ');
            receiver.attentionChanged(Long.parseLong(payload.substring(0, space)), payload.substring(space + 1));
        }
        // This node's own are heard too: the stream ended already, so ending it again does nothing.
        pagesLeft.forEach(left -> receiver.pageLeft(left[2], Long.parseLong(left[0]), left[1]));
    }

    /** After (re)connecting: every followed room is read after its cursor, and its presence shown again. */
    private void catchUp() {
        Map<String, Long> followed = new LinkedHashMap<>();
        for (Map.Entry<String, Long> cursor : cursors.entrySet()) {
            String room = cursor.getKey();
            if (receiver.follows(room)) {
                followed.put(room, cursor.getValue());
                if (hub.hasSubscribers(room)) {
                    presence.missed(room);
                }
            } else {
                forget(room);
            }
        }
        deliverAfter(followed);
    }

    /**
     * Reads what changed in these rooms after their cursors (room → change id), one query per page of
     * {@value #PAGE} for all of them, and hands it on; the cursors move as it goes. A message is new to this
     * node's streams when its post came after the room's cursor as it was before this read, and it was not
     * handed on in an earlier page of it. Not the moved cursor: a message posted, then changed after a later
     * post, comes after that post, and has never been sent all the same.
     */
    private void deliverAfter(Map<String, Long> from) {
        Map<String, Long> reached = new LinkedHashMap<>(from);
        Set<Long> sentAsNew = new HashSet<>();
        List<Message> page;
        do {
            page = store.changedAfter(reached, PAGE);
            for (Message message : page) {
                receiver.changed(message, message.id() > from.get(message.room()) && sentAsNew.add(message.id()));
                reached.put(message.room(), message.version());
            }
        } while (page.size() == PAGE);
        cursors.putAll(reached);
    }

    /** Drops the cursor of a room nobody here follows any more; checked again under the map's lock. */
    private void forget(String room) {
        cursors.computeIfPresent(room, (r, cursor) -> receiver.follows(r) ? cursor : null);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
