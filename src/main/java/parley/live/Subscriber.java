package parley.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open event stream. Publishers only {@link #offer} frames to its bounded send buffer and never touch
 * the connection. Writing is done by a drain: a task, started when frames arrive and none is running, that
 * writes everything queued as one write and ends when the buffer is empty. At most one drain runs at a
 * time, so the connection still has a single writer; an idle stream has no thread at all, and costs only
 * its connection and this object. A subscriber whose buffer overflows is too slow: it is closed and its
 * connection aborted instead of being waited for.
 */
public final class Subscriber {
    /** Where a drain writes: one call per batch, which sends the bytes and flushes them. */
    @FunctionalInterface
    public interface Connection {
        void send(ByteBuffer bytes) throws IOException;
    }

    private final String room;
    private final String name;
    private final int capacity;
    private final Runnable abortConnection;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean closed;
    private Executor writers;
    private volatile Connection connection;
    private List<Frame> replay;
    private long lastMessageId;

    /**
     * @param abortConnection closes the underlying connection, so that a write blocked on a client that
     *                        stopped reading fails at once instead of at the idle timeout
     */
    public Subscriber(String room, String name, int capacity, Runnable abortConnection) {
        this.room = room;
        this.name = name;
        this.capacity = capacity;
        this.abortConnection = abortConnection;
    }

    public String room() {
        return room;
    }

    public String name() {
        return name;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Starts writing: first the replay, then whatever is queued, each batch on a thread from {@code writers}
     * (virtual threads: a write blocked on a slow client holds no platform thread). A message already sent
     * (its id at or below the last one written, e.g. both replayed and published while the stream was
     * opening) is skipped.
     *
     * @return completes when the stream has ended: normally once {@link #close closed}, exceptionally with
     *         the write that failed (the client went away, or was dropped for being too slow)
     */
    public CompletableFuture<Void> start(Connection connection, List<Frame> replay, long replayedUpTo,
                                         Executor writers) {
        this.writers = writers;
        this.lastMessageId = replayedUpTo;
        this.replay = replay;
        this.connection = connection; // last: publishes the fields above to the publishers that read it
        scheduleDrain(); // frames offered before now started no drain

        return ended;
    }

    /** Queues a frame without blocking. False when the subscriber is, or has just been, dropped. */
    public boolean offer(Frame frame) {
        if (closed) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            closed = true;
            queue.clear(); // release what it will never read
            abortConnection.run();
            return false;
        }
        queue.add(frame);
        scheduleDrain();
        return true;
    }

    /** Ends the stream: the last drain finishes and the response completes normally. */
    public void close() {
        closed = true;
        queue.clear();
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (connection != null && draining.compareAndSet(false, true)) {
            writers.execute(this::drain);
        }
    }

    private void drain() {
        List<Frame> batch = new ArrayList<>();
        if (replay != null) {
            batch.addAll(replay); // first, and whole: what the stream starts with
            replay = null;
        }
        try {
            do {
                Frame frame;
                while (!closed && (frame = queue.poll()) != null) {
                    queued.decrementAndGet();
                    if (isNew(frame)) {
                        batch.add(frame);
                    }
                }
                if (closed) {
                    ended.complete(null);
                    return; // and keeps draining set: nothing is written after the end
                }
                if (!batch.isEmpty()) {
                    connection.send(encode(batch));
                    batch.clear();
                }
                draining.set(false);
                // A frame offered after the last poll but before draining was released found a drain still
                // running and started none: look again, and carry on if one is there and no other drain began.
            } while ((!queue.isEmpty() || closed) && draining.compareAndSet(false, true));
        } catch (IOException | RuntimeException e) {
            closed = true;
            queue.clear();
            ended.completeExceptionally(e);
        }
    }

    private boolean isNew(Frame frame) {
        if (!frame.carriesMessage()) {
            return true;
        }
        if (frame.messageId() <= lastMessageId) {
            return false;
        }
        lastMessageId = frame.messageId();
        return true;
    }

    /** The frames as one buffer: the shared bytes themselves when there is one, else one copy of them all. */
    private static ByteBuffer encode(List<Frame> frames) {
        if (frames.size() == 1) {
            return ByteBuffer.wrap(frames.getFirst().bytes());
        }
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
