package parley.live;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Routes frames to the subscribers of a room, and nothing more. A room appears here with its first
 * subscriber and disappears with its last, so an empty room holds no live state.
 */
public final class Hub {
    /** Told after a stream joins or leaves a room on this node: {@link Presence}, {@link Attention}. */
    public interface Watcher {
        void joined(Subscriber subscriber);

        void left(Subscriber subscriber);
    }

    private final ConcurrentHashMap<String, Set<Subscriber>> rooms = new ConcurrentHashMap<>();
    private final LiveMetrics metrics;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public Hub() {
        this(LiveMetrics.NONE);
    }

    public Hub(LiveMetrics metrics) {
        this.metrics = metrics;
    }

    public void watch(Watcher watcher) {
        watchers.add(watcher);
    }

    /** Adds the subscriber to its room; false once {@link #closeAll} has run, when the node takes no new streams. */
    boolean join(Subscriber subscriber) {
        // compute, not computeIfAbsent + add: a concurrent leave() may remove the room's set in between.
        rooms.compute(subscriber.room(), (room, set) -> {
            Set<Subscriber> live = set == null ? ConcurrentHashMap.newKeySet() : set;
            live.add(subscriber);
            return live;
        });
        subscriber.joined(this);
        if (closed) {
            // Joined after closeAll() went round (set before it does, so one that joined earlier was closed by it).
            remove(subscriber);
            return false;
        }
        watchers.forEach(watcher -> watcher.joined(subscriber));
        return true;
    }

    void leave(Subscriber subscriber) {
        if (remove(subscriber)) {
            watchers.forEach(watcher -> watcher.left(subscriber));
        }
    }

    private boolean remove(Subscriber subscriber) {
        boolean[] removed = {false};
        rooms.computeIfPresent(subscriber.room(), (room, set) -> {
            removed[0] = set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }

    /** Hands the frame to every subscriber of the room; one that cannot take it is dropped. */
    public void broadcast(String room, Frame frame) {
        Set<Subscriber> subscribers = rooms.get(room);
        if (subscribers == null) {
            return;
        }
        int queued = 0;
        for (Subscriber subscriber : subscribers) {
            if (deliver(subscriber, frame)) {
                queued++;
            }
        }
        metrics.queued(queued); // once per broadcast, not per stream
    }

    /**
     * Queues a ping on the streams of one slice out of {@code slices}. A ping is how a vanished peer is
     * noticed (a write to it fails) and how a stalled one fills its buffer. Called for each slice in turn,
     * it reaches every stream once per round without ever waking all of them at the same moment, which
     * would hold up the messages of a busy room behind thousands of pings. One timer for all streams.
     */
    public void ping(int slice, int slices) {
        rooms.values().forEach(set -> set.forEach(subscriber -> {
            if (Math.floorMod(System.identityHashCode(subscriber), slices) == slice) {
                deliver(subscriber, SseFrames.PING);
            }
        }));
    }

    /** Queues the frame on one stream; one that cannot take it is dropped, and leaves. */
    public void send(Subscriber subscriber, Frame frame) {
        deliver(subscriber, frame);
    }

    /** Queues the frame; a subscriber that cannot take it has just been dropped, and leaves. */
    private boolean deliver(Subscriber subscriber, Frame frame) {
        if (subscriber.offer(frame)) {
            return true;
        }
        leave(subscriber);
        return false;
    }

    public boolean hasSubscribers(String room) {
        return rooms.containsKey(room);
    }

    public List<Subscriber> subscribers(String room) {
        Set<Subscriber> subscribers = rooms.get(room);
        return subscribers == null ? List.of() : List.copyOf(subscribers);
    }

    /**
     * Ends the streams opened with any of these sessions (ended, or their account deactivated). Their
     * writers finish the responses and the subscribers leave. A walk over every stream: sessions end
     * rarely, and this keeps the hub free of a second index that every join and leave would update.
     */
    public void endSessions(Set<Long> sessionIds) {
        rooms.values().forEach(set -> set.forEach(subscriber -> {
            if (sessionIds.contains(subscriber.sessionId())) {
                subscriber.close();
            }
        }));
    }

    /**
     * Ends the stream of one page of a session in the room (the page is going away: a closed tab, another
     * page opened in it), and no other: the person's other tabs stay. A walk over the room's streams only.
     */
    public void endPage(String room, long sessionId, String page) {
        Set<Subscriber> subscribers = rooms.get(room);
        if (subscribers != null) {
            subscribers.forEach(subscriber -> {
                if (subscriber.belongsTo(sessionId, page)) {
                    subscriber.close();
                }
            });
        }
    }

    /** The sessions that have a stream open on this node. */
    public Set<Long> openSessions() {
        Set<Long> sessions = new java.util.HashSet<>();
        rooms.values().forEach(set -> set.forEach(subscriber -> sessions.add(subscriber.sessionId())));
        return sessions;
    }

    /**
     * Ends every stream, and refuses new ones from now on: each stream's writer finishes its response once
     * it has seen the close, and leaves. Does not wait for that (the server's graceful stop does).
     */
    public void closeAll() {
        closed = true;
        rooms.values().forEach(set -> set.forEach(Subscriber::close));
    }
}
