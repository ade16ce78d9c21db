package parley.web;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.FillInterest;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.StaticException;

/**
 * Notices at once when the client hangs up the connection under an event stream: a closed tab, a page left.
 *
 * <p>Jetty does not: on HTTP/1.1 it reads a connection only for a request's body or for the next request, and
 * while a stream is being written it does neither, so a closed connection was found only when a ping to it
 * failed, up to a heartbeat later. This asks the connection's endpoint to say when it becomes readable,
 * without reading anything. A stream's request has no body (it is read to its end before watching), so the
 * client has nothing more to send: it becomes readable when the client closes it (end of file), resets it, or
 * sends its next request. Each of those ends the stream: its response completes, the person leaves, and on
 * an open connection Jetty goes on to read (and answer) whatever came next, as after any stream that ends.
 * Nothing is read here, so nothing is taken from the next request.
 *
 * <p>The watch must be gone before the response completes: Jetty aborts a connection that is still
 * "fill interested" when its response ends. {@link #stop} takes it away, and one that was never armed stays so.
 */
final class HangUpWatch implements Callback {
    /** A watch taken away because the stream is ending anyway: nothing to do. */
    private static final Throwable STOPPED = new StaticException("The stream ended");

    private final FillInterest interest;
    private Runnable hungUp = () -> {};
    private boolean armed;
    private boolean stopped;

    private HangUpWatch(FillInterest interest) {
        this.interest = interest;
    }

    /**
     * A watch for the stream of {@code request}, not yet {@linkplain #arm armed}. It watches nothing (a
     * heartbeat then notices) for a connection that is not plain HTTP/1.x, or when the request still has a
     * body to come: the watch would take its arrival for a hang-up.
     */
    static HangUpWatch of(Request request, EndPoint endPoint) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        boolean http1 = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
        if (!http1 || !(endPoint instanceof AbstractEndPoint plain) || !bodyRead(request)) {
            return new HangUpWatch(null);
        }
        return new HangUpWatch(plain.getFillInterest());
    }

    /** Whether the request's body is over: at once for a GET without one, which is every browser's. */
    private static boolean bodyRead(Request request) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
            return false;
        }
        try {
            return chunk.isLast() && !chunk.hasRemaining() && !Content.Chunk.isFailure(chunk);
        } finally {
            chunk.release();
        }
    }

    /**
     * Starts watching, once the stream has started: {@code hungUp} is called once, on a Jetty thread, when
     * the client hangs up. Nothing happens when the stream has ended already ({@link #stop}).
     */
    synchronized void arm(Runnable hungUp) {
        if (interest == null || stopped || armed) {
            return;
        }
        this.hungUp = hungUp;
        // False when someone else is interested already: then Jetty is reading, and will see the end itself.
        armed = interest.tryRegister(this);
    }

    /**
     * Stops watching, before the response completes. An interest still registered is failed with
     * {@link #STOPPED}, which clears it; one that fired already has no more to clear.
     */
    synchronized void stop() {
        stopped = true;
        if (armed) {
            interest.onFail(STOPPED);
        }
    }

    /** The connection is readable: the client closed it, reset it or sent another request. */
    @Override
    public void succeeded() {
        hungUp().run();
    }

    /** Taken away ({@link #stop}), or the connection failed: closed, reset, timed out. */
    @Override
    public void failed(Throwable cause) {
        if (cause != STOPPED) {
            hungUp().run();
        }
    }

    private synchronized Runnable hungUp() {
        return hungUp;
    }
}
