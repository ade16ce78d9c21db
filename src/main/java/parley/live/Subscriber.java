package parley.live;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open event stream: a bounded send buffer between the publishers and the stream's writer.
 * Publishers only {@link #offer} frames and never touch the connection; the writer (there is exactly one
 * per stream, its {@link Outlet}) is woken when there is work and takes everything queued at once with
 * {@link #nextBatch}, so one write carries as many messages as have piled up. A subscriber whose buffer
 * overflows is too slow: it is closed and its connection aborted instead of being waited for.
 */
public final class Subscriber {
    private final String room;
    private final String name;
    /** The session the stream was opened with: when it ends, so does the stream ({@link Hub#endSessions}). */
    private final long sessionId;
    /** The account whose page it is, for its sidebar ({@link Attention}); 0 for none. */
    private final long accountId;
    /** The page the stream belongs to (a random token its URL carries), or null: a page ending says which it is. */
    private final String page;
    private final int capacity;
    private final LiveMetrics metrics;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closed;
    /** Set once, by the offer that found the buffer full, so a drop is counted once however many offers race. */
    @SuppressWarnings("unused") // through DROPPED
    private volatile boolean dropped;
    /** Nobody to wake until {@link #start}: frames queued before it wait for the first batch. */
    private volatile Outlet outlet = NOT_STARTED;
    private volatile Hub hub;
    private List<Frame> replay;
    private long lastChangeId;

    public Subscriber(String room, String name, int capacity) {
        this(room, name, 0, capacity, LiveMetrics.NONE);
    }

    public Subscriber(String room, String name, long sessionId, int capacity, LiveMetrics metrics) {
        this(room, name, sessionId, 0, null, capacity, metrics);
    }

    public Subscriber(String room, String name, long sessionId, long accountId, String page, int capacity,
                      LiveMetrics metrics) {
        this.room = room;
        this.name = name;
        this.sessionId = sessionId;
        this.accountId = accountId;
        this.page = page;
        this.capacity = capacity;
        this.metrics = metrics;
    }

    public String room() {
        return room;
    }

    public String name() {
        return name;
    }

    public long sessionId() {
        return sessionId;
    }

    public long accountId() {
        return accountId;
    }

    /** Whether this is the stream of that page of that session. */
    boolean belongsTo(long sessionId, String page) {
        return this.sessionId == sessionId && this.page != null && this.page.equals(page);
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Connects the subscriber to its writer. The first batch is the replay, whole; after it a message
     * already sent (its id at or below the last one written, e.g. both replayed and published while the
     * stream was opening) is skipped.
     */
    public void start(List<Frame> replay, long replayedUpTo, Outlet outlet) {
        this.replay = replay;
        this.lastChangeId = replayedUpTo;
        outlet.open(this);
        this.outlet = outlet; // a volatile write that publishes the fields above to publishers
        outlet.wake();        // for whatever was queued before it
    }

    /** The hub this subscriber joined, which it leaves when its stream ends. */
    void joined(Hub hub) {
        this.hub = hub;
    }

    /** Queues a frame without blocking. False when the subscriber is, or has just been, dropped. */
    public boolean offer(Frame frame) {
        if (closed) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            closed = true;
            queue.clear(); // release what it will never read
            outlet.abort();
            if (DROPPED.compareAndSet(this, false, true)) {
                metrics.slowClientDropped();
            }
            return false;
        }
        queue.add(frame);
        outlet.wake();
        return true;
    }

    /** Ends the stream: the writer finishes the response once it sees this. */
    public void close() {
        closed = true;
        queue.clear();
        outlet.wake();
    }

    /** The stream has ended (finished, failed or aborted): nothing more is queued, and it leaves its room. */
    public void leave() {
        closed = true;
        queue.clear();
        Hub joined = hub;
        if (joined != null) {
            joined.leave(this);
        }
    }

    /**
     * Everything queued, encoded as one buffer, or null when there is nothing to write. Only the writer
     * calls this, one call at a time.
     */
    public ByteBuffer nextBatch() {
        if (closed) {
            return null;
        }
        Frame first = takeNew();
        if (replay == null) {
            if (first == null) {
                return null; // the writer looks again after every write: the common answer, at no cost
            }
            if (queue.isEmpty()) {
                return ByteBuffer.wrap(first.bytes()); // the usual case at a steady pace: one message, no copy
            }
        }
        List<Frame> frames = new ArrayList<>();
        if (replay != null) {
            frames.addAll(replay);
            replay = null;
        }
        for (Frame frame = first; frame != null; frame = takeNew()) {
            frames.add(frame);
        }
        return frames.isEmpty() ? null : encode(frames);
    }

    /** The next queued frame that is not a message already sent, or null when the queue is empty. */
    private Frame takeNew() {
        Frame frame;
        while ((frame = queue.poll()) != null) {
            queued.decrementAndGet();
            if (isNew(frame)) {
                return frame;
            }
        }
        return null;
    }

    private boolean isNew(Frame frame) {
        if (!frame.carriesChange()) {
            return true;
        }
        if (frame.changeId() <= lastChangeId) {
            return false;
        }
        lastChangeId = frame.changeId();
        return true;
    }

    private static final VarHandle DROPPED;

    static {
        try {
            DROPPED = MethodHandles.lookup().findVarHandle(Subscriber.class, "dropped", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Outlet NOT_STARTED = new Outlet() {
        @Override
        public void open(Subscriber subscriber) {}

        @Override
        public void wake() {}

        @Override
        public void abort() {}
    };

    /** The frames as one buffer: one copy of them all, so that they go out in one write. */
    private static ByteBuffer encode(List<Frame> frames) {
        int length = 0;
        for (Frame frame : frames) {
            length += frame.bytes().length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (Frame frame : frames) {
            all.put(frame.bytes());
        }
        return all.flip();
    }
}
