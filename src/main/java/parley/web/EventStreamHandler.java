package parley.web;

import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;
import parley.chat.Following;
import parley.chat.RoomEntry;
import parley.chat.Viewer;
import parley.live.NodeStopping;
import parley.store.StoreUnavailable;

/**
 * GET (and HEAD) /rooms/{room}/events — a room's event stream, served on Jetty's core API in front of Javalin, which
 * gets every other request. An open stream is then just its connection, the core request and response,
 * a {@link StreamWriter} and its subscriber: no servlet request, no Javalin context, no thread. Measured
 * against the same route as a Javalin handler writing to the servlet output stream, this takes about a
 * third less memory per open stream and less CPU per delivery (docs/benchmarks.md).
 *
 * <p>HTTP only: who is asking and whether they may open another stream; {@link Following#follow} does the
 * rest. When the server stops, it ends every stream as part of Jetty's graceful shutdown (see
 * {@link #shutdown}), at the moment the connector stops accepting.
 */
final class EventStreamHandler extends Handler.Wrapper implements Graceful {
    private static final Pattern PATH = Pattern.compile("/rooms/([^/]+)/events");

    private final Following following;
    private final SessionCookies cookies;
    private final RoomDoor door;
    private final Refusals refusals;
    private final Executor fanOut;
    private final Throttle opening;
    private final OpenStreams open;
    private final NodeStreams node;
    private final WebMetrics metrics;
    private final Duration heartbeat;
    private volatile boolean shutdown;

    EventStreamHandler(Following following, SessionCookies cookies, RoomDoor door, Refusals refusals, Executor fanOut,
                       Throttle opening, OpenStreams open, NodeStreams node, WebMetrics metrics, Duration heartbeat) {
        this.following = following;
        this.cookies = cookies;
        this.door = door;
        this.refusals = refusals;
        this.fanOut = fanOut;
        this.opening = opening;
        this.open = open;
        this.node = node;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Matcher path = PATH.matcher(Request.getPathInContext(request));
        if (!path.matches()) {
            return super.handle(request, response, callback); // Javalin
        }
        boolean head = "HEAD".equals(request.getMethod());
        if (!head && !"GET".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return refuse(response, callback, new Refusal(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                    request.getMethod() + " is not allowed on a stream: it is read with GET."));
        }
        Optional<Viewer> viewer;
        RoomEntry room;
        try {
            viewer = cookies.viewer(request);
            if (viewer.isEmpty()) {
                return refuse(response, callback, new Refusal(HttpStatus.UNAUTHORIZED, "Sign in", "Sign in to follow this room."));
            }
            room = door.enter(path.group(1), viewer.get()); // the one 404 for a room the viewer may not read
        } catch (Refusal refusal) {
            return refuse(response, callback, refusal);
        } catch (StoreUnavailable e) {
            return refuse(response, callback,
                    Refusal.unavailable("Parley cannot reach its database just now. Try again in a moment.", e));
        }
        if (head) {
            return headOnly(response, callback);
        }
        // First the node's capacity, so a full node spends nobody's rate allowance. A stream's place is
        // freed when its response ends (a closed tab at once, a client that vanished when a ping to it fails),
        // so a heartbeat is when to retry.
        if (!node.tryOpen()) {
            metrics.refused("max-streams");
            return refuse(response, callback, Refusal.full("This Parley server is holding as many live streams as it "
                    + "is set up for. It will reconnect by itself; if not, reload the page in "
                    + Refusal.inWords(heartbeat) + ".", heartbeat));
        }
        // From here every answer, a refusal or the stream, ends through this callback, which frees the place.
        Callback placeFreed = Callback.from(callback, node::closed);
        String person = viewer.get().scope();
        Optional<Duration> wait = opening.acquire(person);
        if (wait.isPresent()) {
            return refuse(response, placeFreed, Refusal.tooMany("Too many streams", "This browser (or its network) is "
                    + "opening streams faster than Parley allows. It will reconnect by itself; if not, reload the page in "
                    + Refusal.inWords(wait.get()) + ".", wait.get()));
        }
        if (!open.tryOpen(person)) {
            metrics.refused("open-streams");
            // A closed tab frees its place at once; a client that vanished, when a ping to it fails.
            return refuse(response, placeFreed, Refusal.tooMany("Too many streams", "You have " + open.cap()
                    + " Parley streams open already (tabs and rooms). Close one, then reload this page.", heartbeat));
        }
        Callback ended = Callback.from(placeFreed, () -> open.closed(person));

        // Before following: the writer may start writing (on the fan-out threads) as soon as it is opened.
        streamHeaders(response);
        EndPoint connection = request.getConnectionMetaData().getConnection().getEndPoint();
        StreamWriter writer = new StreamWriter(response, ended, connection, HangUpWatch.of(request, connection), fanOut);
        try {
            following.follow(room, viewer.get(), pageOf(request), resumeFrom(request), writer);
        } catch (NodeStopping e) {
            return refuseInstead(response, ended, new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "Stopping", e.getMessage()));
        } catch (StoreUnavailable e) {
            return refuseInstead(response, ended,
                    Refusal.unavailable("Parley cannot reach its database just now. Try again in a moment.", e));
        } catch (RuntimeException e) {
            // Jetty answers the failure with the callback it gave, never completing ours: free both places here.
            open.closed(person);
            node.closed();
            throw e;
        }
        writer.watchForHangUp(); // a closed tab leaves at once, not at the next heartbeat
        metrics.streamOpened();
        return true; // the response ends when the writer completes the callback
    }

    /**
     * Called by Jetty's graceful stop, as the connector stops accepting and the GracefulHandler starts
     * refusing new requests: ends every stream cleanly, so browsers reconnect (to another node, if there
     * is one) instead of finding it dead at the next heartbeat. Does not wait: the GracefulHandler in
     * front waits for the streams to finish along with the requests in progress.
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        shutdown = true;
        following.endAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    /**
     * HEAD: the status and headers a GET would get (RFC 9110 9.3.2), without opening a stream. It counts
     * against no stream limit and reads nothing, so a GET just after may still be refused (429, 503).
     */
    private boolean headOnly(Response response, Callback callback) {
        if (shutdown) {
            return refuse(response, callback, new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "Stopping", new NodeStopping().getMessage()));
        }
        streamHeaders(response);
        // Sent before the end, as a stream's are, so Jetty does not add the "Content-Length: 0" of an
        // empty response, which would be false: GET's content has no length (RFC 9110 8.6).
        response.write(false, null, Callback.from(callback::succeeded, callback::failed));
        return true;
    }

    /**
     * Where the stream resumes: {@code Last-Event-ID}, or when the browser sent none, the page's
     * {@code ?after=}. The htmx SSE extension re-creates its EventSource from scratch after the browser gives
     * up (htmx-ext-sse issue 184), and the new one sends no Last-Event-ID; the position in the URL lets it
     * resume exactly all the same. The header wins when both are there: it is the browser's own, newer.
     */
    static String resumeFrom(Request request) {
        String header = request.getHeaders().get("Last-Event-ID");
        if (header != null) {
            return header;
        }
        try {
            return Request.extractQueryParameters(request).getValue("after");
        } catch (RuntimeException unreadable) { // a query that is not valid URL encoding: as if it had none
            return null;
        }
    }

    /**
     * The page the stream is for: {@code ?page=}, the token its room page rendered into the stream's address,
     * which the page names again as it goes away ({@link PageLeaving}). Null when there is none, or it is not
     * one: the stream then just cannot be ended that way.
     */
    static String pageOf(Request request) {
        try {
            String page = Request.extractQueryParameters(request).getValue("page");
            return PageTokens.isWellFormed(page) ? page : null;
        } catch (RuntimeException unreadable) { // a query that is not valid URL encoding: as if it had none
            return null;
        }
    }

    private static void streamHeaders(Response response) {
        SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no"); // tell nginx not to buffer the stream
    }

    private boolean refuse(Response response, Callback callback, Refusal refusal) {
        refusals.write(response, callback, refusal);
        return true;
    }

    /** Nothing was written yet (following failed before its writer was opened): the stream's headers go. */
    private boolean refuseInstead(Response response, Callback callback, Refusal refusal) {
        response.reset();
        return refuse(response, callback, refusal);
    }
}
