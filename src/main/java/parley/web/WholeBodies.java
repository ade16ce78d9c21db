package parley.web;

import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A form's body, read in full before the request reaches Javalin, without a thread waiting for it. Javalin
 * reads bodies with blocking calls, so a client that sent its headers and then trickled (or stopped
 * sending) its body used to hold one of the request threads for as long as it liked; a few hundred such
 * clients held them all and the node stopped answering anyone. Here Jetty wakes this loader only when bytes
 * arrive; it copies them (so a body sent a byte at a time pins no network buffers) and passes the request on
 * once the body is complete, when Javalin's reads find it all in memory. A slow client then costs its
 * connection and at most {@code --max-body} bytes, and only until the {@link #deadline}.
 *
 * <p>Which bodies: those Parley reads, url-encoded UTF-8 forms of a declared length within the limit, or
 * sent without a length (chunked), on methods that change something ({@link #handler}). Every other body is
 * refused by the {@link Gate} on its headers alone, without a byte of it read, as before.
 *
 * <p>What can go wrong is answered here, in one place, without reaching Javalin: a body that ends before its
 * declared length (the client closed its side) gets a 400, a body not complete by the deadline a 408, and both
 * close the connection. A chunked body that runs past the limit is passed on marked {@link #TOO_LARGE}, so that
 * the Gate refuses it (413) with the message form a person sees.
 */
final class WholeBodies implements EagerContentHandler.ContentLoaderFactory {
    /** Request attribute set on a body sent without a length that ran past {@code --max-body}. */
    static final String TOO_LARGE = WholeBodies.class.getName() + ".tooLarge";

    private final long maxBodyBytes;
    private final Duration deadline;
    private final ClientMistakes mistakes;
    private final Refusals refusals;

    WholeBodies(long maxBodyBytes, Duration deadline, ClientMistakes mistakes, Refusals refusals) {
        this.maxBodyBytes = maxBodyBytes;
        this.deadline = deadline;
        this.mistakes = mistakes;
        this.refusals = refusals;
    }

    /**
     * The handler that reads the bodies, in front of Javalin: only for methods that change something, and only
     * for a body within the limit by its declared length; one declared larger is refused on its headers alone.
     */
    EagerContentHandler handler() {
        EagerContentHandler eager = new EagerContentHandler(this);
        eager.excludeMethod(HttpMethod.GET.asString(), HttpMethod.HEAD.asString(), HttpMethod.OPTIONS.asString());
        eager.include(request -> request.getLength() <= maxBodyBytes);
        return eager;
    }

    /** Every type: which bodies are read is decided below, by the Gate's own rule. */
    @Override
    public String getApplicableMimeType() {
        return null;
    }

    /**
     * A loader for a body the Gate will read: a UTF-8 form, by the same Content-Type header the Gate looks at
     * (the first, should there be two). Any other body is refused unread (415), so needs none.
     */
    @Override
    public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler next,
                                                              Request request, Response response, Callback callback) {
        return Gate.isUtf8Form(request.getHeaders().get(HttpHeader.CONTENT_TYPE))
                ? new Loader(next, request, response, callback) : null;
    }

    /** One request's body, as it arrives. */
    private final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Scheduler.Task timeout;
        private boolean settled; // passed on, or answered here: guarded by this
        private Throwable failure; // why the body could not be read, when it could not

        Loader(Handler next, Request request, Response response, Callback callback) {
            super(next, request, response, callback);
        }

        @Override
        protected void load() {
            timeout = getRequest().getComponents().getScheduler().schedule(this::tooSlow, deadline);
            read(false);
        }

        /** Called by Jetty when more of the body has arrived: copies it, without blocking. */
        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        /** @param woken called back by Jetty, maybe on a thread that must not block: pass the request on elsewhere */
        private void read(boolean woken) {
            Outcome outcome;
            synchronized (this) {
                outcome = readAvailable();
                if (outcome == Outcome.WAIT) {
                    return;
                }
                settled = true;
            }
            timeout.cancel();
            switch (outcome) {
                case COMPLETE -> passOn(Content.Chunk.from(ByteBuffer.wrap(body.toByteArray()), true), woken);
                case TOO_LARGE -> {
                    mistakes.report("Refused a request body over the " + maxBodyBytes / 1024 + " KB limit (413)");
                    getRequest().setAttribute(TOO_LARGE, true);
                    passOn(Content.Chunk.EOF, woken);
                }
                case CUT_OFF -> cutOff();
                default -> throw new IllegalStateException(outcome.name());
            }
        }

        private enum Outcome { WAIT, COMPLETE, TOO_LARGE, CUT_OFF }

        private Outcome readAvailable() {
            if (settled) {
                return Outcome.WAIT; // answered by the deadline already; nothing more to read
            }
            while (true) {
                Content.Chunk chunk = getRequest().read();
                if (chunk == null) {
                    getRequest().demand(this);
                    return Outcome.WAIT;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failure = chunk.getFailure();
                    return Outcome.CUT_OFF;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                if (body.size() + bytes.remaining() > maxBodyBytes) {
                    chunk.release();
                    return Outcome.TOO_LARGE;
                }
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                body.write(copy, 0, copy.length);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    return Outcome.COMPLETE;
                }
            }
        }

        /**
         * The body could not be read to its end: the client closed its side early (Jetty's EofException), or the
         * body broke HTTP's framing (a malformed chunk: Jetty's HttpException, with its reason in fixed words).
         */
        private void cutOff() {
            String problem = failure instanceof HttpException && !(failure instanceof EofException)
                    ? "its body could not be read (" + failure.getMessage() + ")"
                    : "the request ended before its body was complete";
            mistakes.report("Refused a request: " + problem + " (400)");
            refuse(new Refusal(HttpStatus.BAD_REQUEST, "Bad request", "400 Bad Request: " + problem
                    + ". Nothing was saved. Send it again."));
        }

        /** The deadline passed before the whole body arrived: 408, and the connection is closed. */
        private void tooSlow() {
            synchronized (this) {
                if (settled) {
                    return;
                }
                settled = true;
            }
            mistakes.report("Closed a connection whose request body did not arrive within "
                    + deadline.toSeconds() + " s (408)");
            refuse(new Refusal(HttpStatus.REQUEST_TIMEOUT, "Too slow", "408 Request Timeout: the "
                    + "request's body did not arrive within " + deadline.toSeconds() + " seconds. Nothing was saved."));
        }

        /** Answers here, and closes the connection: what is left of the body is never read. */
        private void refuse(Refusal refusal) {
            getResponse().getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            refusals.write(getResponse(), getCallback(), refusal);
        }

        private void passOn(Content.Chunk whole, boolean woken) {
            WholeBody request = new WholeBody(getRequest(), whole);
            if (woken) {
                getRequest().getContext().execute(() -> handle(request, getResponse(), getCallback()));
            } else {
                handle(request, getResponse(), getCallback());
            }
        }
    }

    /** The request as Javalin sees it: its body, already here, then its end. */
    private static final class WholeBody extends Request.Wrapper {
        private Content.Chunk next;

        WholeBody(Request request, Content.Chunk whole) {
            super(request);
            this.next = whole;
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = next;
            next = Content.Chunk.next(chunk); // EOF after the last chunk, for every later read
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run(); // never waits: read() always has something to give
        }
    }
}
