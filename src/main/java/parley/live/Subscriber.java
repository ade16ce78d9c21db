package parley.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One open event stream. Publishers only {@link #offer} frames to its bounded send buffer; the thread that
 * calls {@link #pump} is the only one that ever writes to the connection. A subscriber whose buffer
 * overflows is too slow: it is closed and its connection aborted instead of being waited for.
 *
 * <p>The buffer is a lock-free queue with a counter for its bound, and the writer parks when it is empty.
 * Publishers never block and never touch the socket; a publisher that finds the writer parked wakes it.
 */
public final class Subscriber {
    /** Where the pump writes: one call per batch, which sends the bytes and flushes them. */
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
    private volatile Thread parkedWriter;
    private volatile boolean closed;
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
        wakeWriter();
        return true;
    }

    /** Ends the stream: the pump returns and the response completes normally. */
    public void close() {
        closed = true;
        queue.clear();
        wakeWriter();
    }

    private void wakeWriter() {
        Thread writer = parkedWriter; // read after the queue or flag was written: see awaitWork
        if (writer != null) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * Writes the replay, then everything queued, until closed or the connection fails. Each round takes the
     * whole queue and sends it as one write. A message already sent (its id at or below the last one
     * written, e.g. both replayed and published while the stream was opening) is skipped.
     */
    public void pump(Connection connection, List<Frame> replay, long replayedUpTo) throws IOException {
        lastMessageId = replayedUpTo;
        connection.send(encode(replay));
        List<Frame> batch = new ArrayList<>();
        while (awaitWork()) {
            Frame frame;
            while ((frame = queue.poll()) != null) {
                if (isNew(frame)) {
                    batch.add(frame);
                }
            }
            queued.addAndGet(-batch.size());
            if (!batch.isEmpty() && !closed) {
                connection.send(encode(batch));
            }
            batch.clear();
        }
    }

    /** Parks until a frame is queued or the subscriber is closed; false once closed. */
    private boolean awaitWork() {
        while (!closed && queue.isEmpty()) {
            // Announce the park, then look again: a publisher that queued in between either is seen here or
            // sees parkedWriter and unparks (an unpark before the park makes the park return at once).
            parkedWriter = Thread.currentThread();
            if (!closed && queue.isEmpty()) {
                LockSupport.park(this);
            }
            parkedWriter = null;
        }
        return !closed;
    }

    private boolean isNew(Frame frame) {
        if (!frame.carriesMessage()) {
            return true;
        }
        if (frame.messageId() <= lastMessageId) {
            queued.decrementAndGet();
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
