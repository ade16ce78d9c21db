package parley.live;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open event stream. Publishers only {@link #offer} frames to its bounded queue; the thread that
 * calls {@link #pump} is the only one that ever writes to the connection. A subscriber whose queue
 * overflows is too slow: it is closed and its connection aborted instead of being waited for.
 */
public final class Subscriber {
    private static final Frame WAKE_UP = new Frame(0, new byte[0]);

    private final String room;
    private final String name;
    private final BlockingQueue<Frame> queue;
    private final Runnable abortConnection;
    private volatile boolean closed;
    private long lastMessageId;

    /**
     * @param abortConnection closes the underlying connection, so that a write blocked on a client
     *                        that stopped reading fails at once instead of at the idle timeout
     */
    public Subscriber(String room, String name, int queueCapacity, Runnable abortConnection) {
        this.room = room;
        this.name = name;
        // Linked, not array-backed: an idle stream holds no buffer sized for its worst case.
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
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
        if (queue.offer(frame)) {
            return true;
        }
        closed = true;
        queue.clear(); // release what it will never read
        abortConnection.run();
        return false;
    }

    /** Ends the stream: the pump returns and the response completes normally. */
    public void close() {
        closed = true;
        queue.clear();
        queue.offer(WAKE_UP);
    }

    /**
     * Writes the replay, then everything queued, until closed or the client goes away. Each round drains
     * the whole queue and writes it with one flush. A message already sent (its id at or below the last
     * one written, e.g. both replayed and published while the stream was opening) is skipped.
     */
    public void pump(OutputStream out, List<Frame> replay, long replayedUpTo, Duration heartbeat) throws IOException {
        lastMessageId = replayedUpTo;
        for (Frame frame : replay) {
            out.write(frame.bytes());
        }
        out.flush();
        // A peer that vanished is only noticed on the second write after it left (the first one just
        // draws its reset), so ping twice per period: a dead stream is then gone within one heartbeat.
        long heartbeatNanos = heartbeat.toNanos() / 2;
        long nextPing = System.nanoTime() + heartbeatNanos;
        List<Frame> batch = new ArrayList<>();
        while (!closed) {
            Frame first;
            try {
                first = queue.poll(Math.max(0, nextPing - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closed) {
                return;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch);
                for (Frame frame : batch) {
                    write(out, frame);
                }
                batch.clear();
            }
            if (System.nanoTime() - nextPing >= 0) {
                out.write(SseFrames.PING.bytes());
                nextPing = System.nanoTime() + heartbeatNanos;
            }
            out.flush();
        }
    }

    private void write(OutputStream out, Frame frame) throws IOException {
        if (frame.carriesMessage()) {
            if (frame.messageId() <= lastMessageId) {
                return;
            }
            lastMessageId = frame.messageId();
        }
        out.write(frame.bytes());
    }
}
