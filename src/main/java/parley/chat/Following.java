package parley.chat;

import java.util.List;
import parley.live.Bus;
import parley.live.LiveFeed;
import parley.live.NodeStopping;
import parley.live.Outlet;
import parley.live.Replay;
import parley.live.Subscriber;
import parley.store.Message;
import parley.store.MessageStore;

/**
 * Following a room: a stream that gets what its page missed, then every new message as it is posted.
 * Where a reconnect resumes is decided here; joining and framing are the live layer's.
 */
public final class Following {
    private final MessageStore store;
    private final Bus bus;
    private final LiveFeed feed;
    private final int historySize;
    private final ChatMetrics metrics;

    public Following(MessageStore store, Bus bus, LiveFeed feed, int historySize) {
        this(store, bus, feed, historySize, ChatMetrics.NONE);
    }

    /** @param metrics counts the streams that resumed, exactly or with a reset */
    public Following(MessageStore store, Bus bus, LiveFeed feed, int historySize, ChatMetrics metrics) {
        this.store = store;
        this.bus = bus;
        this.feed = feed;
        this.historySize = historySize;
        this.metrics = metrics;
    }

    /**
     * Opens {@code viewer}'s stream of the room, written by {@code outlet}: its replay (the changes after
     * {@code lastEventId}, or the recent history when that cannot be resumed), then live changes, until
     * the stream or the viewer's session ends. On any failure the stream has left the room again, and
     * nothing was written.
     *
     * @param room the room, as {@link Rooms#enter} let the viewer in
     * @param page the page the stream is for (a token it chose), which can end it ({@link #pageLeft}); or null
     * @throws NodeStopping  this node is shutting down
     * @throws parley.store.StoreUnavailable the replay could not be read
     */
    public Subscriber follow(RoomEntry room, Viewer viewer, String page, String lastEventId, Outlet outlet) {
        String roomName = room.room();
        // Join before reading the replay: a message stored in between is then both replayed and queued
        // (the subscriber skips the copy) instead of lost.
        Subscriber subscriber = feed.join(roomName, viewer.name(), viewer.sessionId(), viewer.accountId(), page);
        try {
            Replay replay = replay(roomName, lastEventId);
            if (lastEventId != null && !lastEventId.isBlank()) {
                metrics.resumed(!replay.reset());
            }
            bus.following(roomName, replay.latestId());
            feed.start(subscriber, replay, outlet);
            return subscriber;
        } catch (RuntimeException e) {
            subscriber.leave();
            throw e;
        }
    }

    /**
     * The viewer's page is going away (closed, or another page opened in its tab): its stream of the room ends
     * on whichever node holds it, and the viewer leaves presence there at once, unless another of their pages
     * is still in the room. A page that is not one of this session's ends nothing.
     *
     * @throws parley.store.StoreUnavailable the other nodes could not be told
     */
    public void pageLeft(RoomEntry room, Viewer viewer, String page) {
        bus.pageLeft(room.room(), viewer.sessionId(), page);
    }

    /** Ends every stream on this node, and takes no new ones: it is stopping, and browsers go elsewhere. */
    public void endAll() {
        feed.endAll();
    }

    /**
     * Resume from {@code lastEventId} when it is a known change id and no more than a history's worth of
     * messages changed since; otherwise start over with the recent history. The room's latest change is read
     * before the history, so a change made in between is sent again rather than missed (the page replaces a
     * message it has already).
     */
    private Replay replay(String room, String lastEventId) {
        Long known = parseId(lastEventId);
        long latest = store.latestId(room);
        if (known != null && known <= latest) {
            List<Message> missed = store.changedAfter(room, known, historySize + 1);
            if (missed.size() <= historySize) {
                return new Replay(false, known, missed.isEmpty() ? known : missed.getLast().version(), missed);
            }
        }
        return new Replay(true, 0, latest, store.recent(room, historySize));
    }

    private static Long parseId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            return id >= 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
