package parley.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import parley.store.Message;

/**
 * This node's live side of the chat: stored changes go out to the open streams of their room, and new
 * streams come in. A message is rendered and encoded once and the same bytes are queued for every
 * subscriber; a stream starts with its replay, then everything published after it.
 */
public final class LiveFeed implements Bus.Receiver {
    private final Hub hub;
    private final Renderer renderer;
    private final long retryMillis;
    private final int queueCapacity;
    private final LiveMetrics metrics;
    /** The sidebars of the people online here; null where there are none (tests of the streams alone). */
    private final Attention attention;
    /** Who is typing; null where nobody is told (tests of the streams alone). */
    private final Typists typists;
    private volatile Consumer<Set<Long>> sessionsEndedListener = ids -> {};

    /**
     * @param retryMillis   the reconnect delay each stream suggests to its browser
     * @param queueCapacity frames buffered per stream before its client is dropped as too slow
     */
    public LiveFeed(Hub hub, Renderer renderer, long retryMillis, int queueCapacity) {
        this(hub, renderer, retryMillis, queueCapacity, LiveMetrics.NONE, null, null);
    }

    /**
     * @param metrics   counts the streams dropped for being too slow
     * @param attention keeps the sidebars of the people with streams here
     * @param typists   tells the pages who is typing
     */
    public LiveFeed(Hub hub, Renderer renderer, long retryMillis, int queueCapacity, LiveMetrics metrics,
                    Attention attention, Typists typists) {
        this.hub = hub;
        this.typists = typists;
        this.attention = attention;
        this.renderer = renderer;
        this.retryMillis = retryMillis;
        this.queueCapacity = queueCapacity;
        this.metrics = metrics;
    }

    /**
     * A stored change, from the bus: to every stream of its room on this node, rendered once. A new message
     * is appended; a changed one replaces the one shown; one deleted before anyone here saw it is nothing.
     */
    @Override
    public void changed(Message message, boolean isNew) {
        if (hub.hasSubscribers(message.room())) {
            frame(message, isNew).ifPresent(frame -> hub.broadcast(message.room(), frame));
        }
        if (attention != null) {
            attention.changed(message, isNew);
        }
        if (typists != null && isNew && !message.isDeleted()) {
            typists.posted(message.room(), message.author());
        }
    }

    @Override
    public void typing(String room, String name) {
        if (typists != null) {
            typists.typing(room, name);
        }
    }

    /** What the store knows of a person's room changed: their sidebar here reads it again. */
    @Override
    public void attentionChanged(long accountId, String room) {
        if (attention != null) {
            attention.reread(accountId, room);
        }
    }

    /** Whether this node needs the room's changes: it has streams of the room, or members of it online. */
    @Override
    public boolean follows(String room) {
        return hub.hasSubscribers(room) || attention != null && attention.follows(room);
    }

    private Optional<Frame> frame(Message message, boolean isNew) {
        if (!isNew) {
            return Optional.of(SseFrames.update(message.version(), renderer.update(message)));
        }
        return message.isDeleted() ? Optional.empty()
                : Optional.of(SseFrames.message(message.version(), renderer.message(message)));
    }

    /** Sessions that ended, from the bus: their streams on this node end, and whoever listens hears it. */
    @Override
    public void sessionsEnded(Set<Long> sessionIds) {
        hub.endSessions(sessionIds);
        sessionsEndedListener.accept(sessionIds);
    }

    /** A page went away, from the bus: its stream of the room ends, if it is on this node. */
    @Override
    public void pageLeft(String room, long sessionId, String page) {
        hub.endPage(room, sessionId, page);
    }

    /** The sessions that have a stream open on this node. */
    public Set<Long> openSessions() {
        return hub.openSessions();
    }

    /** Told every time sessions end, on any node: the sessions' own bookkeeping ({@code chat.Sessions}). */
    public void whenSessionsEnd(Consumer<Set<Long>> listener) {
        this.sessionsEndedListener = listener;
    }

    /**
     * A new stream for {@code name} in {@code room}, queueing every message published from now on, though
     * nothing is written until {@link #start}. It ends when session {@code sessionId} does.
     *
     * @throws NodeStopping when this node is shutting down and takes no new streams
     */
    public Subscriber join(String room, String name, long sessionId, long accountId) {
        return join(room, name, sessionId, accountId, null);
    }

    /** The same, for the stream of one page, which that page can end ({@link #pageLeft}); {@code page} may be null. */
    public Subscriber join(String room, String name, long sessionId, long accountId, String page) {
        Subscriber subscriber = new Subscriber(room, name, sessionId, accountId, page, queueCapacity, metrics);
        if (!hub.join(subscriber)) {
            throw new NodeStopping();
        }
        return subscriber;
    }

    /** Starts the stream: the retry delay, then the replay, then what was queued since {@link #join}. */
    public void start(Subscriber subscriber, Replay replay, Outlet outlet) {
        List<Frame> frames = new ArrayList<>(replay.messages().size() + 2);
        frames.add(new Frame(0, SseFrames.retry(retryMillis)));
        if (replay.reset()) {
            StringBuilder history = new StringBuilder();
            replay.messages().forEach(message -> history.append(renderer.message(message)));
            frames.add(SseFrames.reset(replay.latestId(), history.toString()));
        } else {
            replay.messages().forEach(message -> frame(message, replay.isNew(message)).ifPresent(frames::add));
        }
        subscriber.start(frames, replay.latestId(), outlet);
    }

    /** Ends every stream and takes no new ones: the node is stopping, so browsers reconnect elsewhere. */
    public void endAll() {
        hub.closeAll();
    }
}
