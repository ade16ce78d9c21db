package parley.web;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import parley.live.Hub;
import parley.live.Subscriber;

/**
 * The only writer of one event stream. Jetty's IteratingCallback does the bookkeeping: one write in flight
 * at a time, the next one started when the previous completes, and no recursion when writes complete at
 * once. Writes never block: a client that stops reading leaves its write pending while its subscriber's
 * buffer fills, until the subscriber is dropped and the connection aborted.
 *
 * <p>Writing runs on the fan-out executor, never on the thread that published: a post hands its message
 * to every subscriber and returns, and the writers catch up in the background, each write carrying
 * whatever has queued since its last one.
 */
final class StreamWriter extends IteratingCallback {
    private final Subscriber subscriber;
    private final Response response;
    private final Callback endOfResponse;
    private final Hub hub;
    private final Executor fanOut;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable writeRound = () -> {
        wakeQueued.set(false); // before iterating: a frame queued from now on asks again
        iterate();
    };

    StreamWriter(Subscriber subscriber, Response response, Callback endOfResponse, Hub hub, Executor fanOut) {
        this.subscriber = subscriber;
        this.response = response;
        this.endOfResponse = endOfResponse;
        this.hub = hub;
        this.fanOut = fanOut;
    }

    /** Asks for a round of writing on the fan-out executor; at most one such request is pending at a time. */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            fanOut.execute(writeRound);
        }
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

    /** Closed by the server (it is shutting down): end the response properly, so the browser reconnects. */
    @Override
    protected void onCompleteSuccess() {
        hub.leave(subscriber);
        endOfResponse.succeeded();
    }

    /** A write failed: the client went away, or was dropped for being too slow. Nothing to report. */
    @Override
    protected void onCompleteFailure(Throwable cause) {
        subscriber.close();
        hub.leave(subscriber);
        endOfResponse.failed(cause);
    }
}
