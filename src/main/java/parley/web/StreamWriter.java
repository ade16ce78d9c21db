package parley.web;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import parley.live.Outlet;
import parley.live.Subscriber;

/**
 * The only writer of one event stream, and the only code that touches its connection. Jetty's
 * IteratingCallback does the bookkeeping: one write in flight at a time, the next one started when the
 * previous completes, and no recursion when writes complete at once. Writes never block: a client that
 * stops reading leaves its write pending while its subscriber's buffer fills, until the subscriber is
 * dropped and the connection aborted.
 *
 * <p>Writing runs on the fan-out executor, never on the thread that published: a post hands its message
 * to every subscriber and returns, and the writers catch up in the background, each write carrying
 * whatever has queued since its last one.
 */
final class StreamWriter extends IteratingCallback implements Outlet {
    private final Response response;
    private final Callback endOfResponse;
    private final EndPoint connection;
    private final Executor fanOut;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable writeRound = () -> {
        wakeQueued.set(false); // before iterating: a frame queued from now on asks again
        iterate();
    };
    private final HangUpWatch hangUps;
    private Subscriber subscriber;

    StreamWriter(Response response, Callback endOfResponse, EndPoint connection, HangUpWatch hangUps, Executor fanOut) {
        this.response = response;
        this.hangUps = hangUps;
        this.endOfResponse = endOfResponse;
        this.connection = connection;
        this.fanOut = fanOut;
    }

    @Override
    public void open(Subscriber subscriber) {
        this.subscriber = subscriber; // seen by the fan-out threads: every round is started after this
    }

    /** Asks for a round of writing on the fan-out executor; at most one such request is pending at a time. */
    @Override
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            fanOut.execute(writeRound);
        }
    }

    @Override
    public void abort() {
        connection.close();
    }

    /**
     * From now on a client that hangs up ends the stream at once, instead of at a failed ping. Called once the
     * stream has started; a stream that has ended already is not watched.
     */
    void watchForHangUp() {
        hangUps.arm(() -> subscriber.close()); // the response then ends normally, and the person leaves
    }

    @Override
    protected Action process() {
        ByteBuffer batch = subscriber.nextBatch();
        if (batch != null) {
            response.write(false, batch, this);
            return Action.SCHEDULED;
        }
        return subscriber.isClosed() ? Action.SUCCEEDED : Action.IDLE;
    }

    /**
     * Closed: by the server (it is shutting down, the session ended), so the browser reconnects, or because the
     * client hung up. The response ends properly. The watch goes first: Jetty would abort a connection still
     * watched when its response completes.
     */
    @Override
    protected void onCompleteSuccess() {
        hangUps.stop();
        subscriber.leave();
        endOfResponse.succeeded();
    }

    /** A write failed: the client went away, or was dropped for being too slow. Nothing to report. */
    @Override
    protected void onCompleteFailure(Throwable cause) {
        hangUps.stop();
        subscriber.leave();
        endOfResponse.failed(cause);
    }
}
