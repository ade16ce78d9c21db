package parley.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;
import parley.chat.ChatService;
import parley.chat.InvalidInput;
import parley.chat.Message;
import parley.chat.Replay;
import parley.chat.Rules;
import parley.live.Frame;
import parley.live.Hub;
import parley.live.SseFrames;
import parley.live.Subscriber;
import parley.store.StoreUnavailable;

/**
 * GET (and HEAD) /rooms/{room}/events — a room's event stream, served on Jetty's core API in front of Javalin, which
 * gets every other request. An open stream is then just its connection, the core request and response,
 * and a {@link Subscriber}: no servlet request, no Javalin context, no thread. Measured against the same
 * route as a Javalin handler writing to the servlet output stream, this takes about a third less memory
 * per open stream and less CPU per delivery (docs/benchmarks.md).
 *
 * <p>When the server stops, it ends every stream as part of Jetty's graceful shutdown (see
 * {@link #shutdown}), at the moment the connector stops accepting.
 */
final class EventStreamHandler extends Handler.Wrapper implements Graceful {
    private static final Pattern PATH = Pattern.compile("/rooms/([^/]+)/events");

    private final ChatService chat;
    private final Hub hub;
    private final Sessions sessions;
    private final Templates templates;
    private final long retryMillis;
    private final int queueCapacity;
    private final Executor fanOut;
    private final Throttle opening;
    private final OpenStreams open;
    private final Duration heartbeat;
    private volatile boolean shutdown;

    EventStreamHandler(ChatService chat, Hub hub, Sessions sessions, Templates templates, long retryMillis,
                       int queueCapacity, Executor fanOut, Throttle opening, OpenStreams open, Duration heartbeat) {
        this.chat = chat;
        this.hub = hub;
        this.sessions = sessions;
        this.templates = templates;
        this.retryMillis = retryMillis;
        this.queueCapacity = queueCapacity;
        this.fanOut = fanOut;
        this.opening = opening;
        this.open = open;
        this.heartbeat = heartbeat;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Matcher path = PATH.matcher(Request.getPathInContext(request));
        if (!path.matches()) {
            return super.handle(request, response, callback); // Javalin
        }
        SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        boolean head = "HEAD".equals(request.getMethod());
        if (!head && !"GET".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return answer(response, callback, 405, request.getMethod() + " is not allowed on a stream: it is read with GET.");
        }
        String room;
        try {
            room = Rules.roomName(path.group(1));
        } catch (InvalidInput e) {
            return answer(response, callback, 404, "No such room: " + e.getMessage());
        }
        Optional<Session> session = sessions.read(cookie(request));
        if (session.isEmpty()) {
            return answer(response, callback, 401, "Sign in to follow this room.");
        }

        if (head) {
            return headOnly(response, callback);
        }

        String sessionId = session.get().id();
        Optional<Duration> wait = opening.acquire(sessionId, Request.getRemoteAddr(request));
        if (wait.isPresent()) {
            return tooMany(response, callback, wait.get(), "This browser (or its network) is opening streams faster than "
                    + "Parley allows. It will reconnect by itself; if not, reload the page in " + Problems.inWords(wait.get()) + ".");
        }
        if (!open.tryOpen(sessionId)) {
            // A closed tab is noticed within a heartbeat, which frees its place.
            return tooMany(response, callback, heartbeat, "You have " + open.cap() + " Parley streams open already "
                    + "(tabs and rooms). Close one, then reload this page.");
        }
        Callback ended = Callback.from(callback, () -> open.closed(sessionId));

        Subscriber subscriber = new Subscriber(room, session.get().name(), queueCapacity);
        // Join before reading the replay: a message stored in between is then both replayed and queued
        // (the subscriber skips the copy) instead of lost.
        hub.join(subscriber);
        if (shutdown) {
            // Joined after shutdown() closed the streams: a stream opened now would keep the graceful stop
            // waiting. (Set before closing them, so a stream that joined earlier was closed by it.)
            hub.leave(subscriber);
            return answer(response, ended, 503, "This Parley node is stopping. Try again in a moment.");
        }
        List<Frame> replay;
        long replayedUpTo;
        try {
            Replay missed = chat.replay(room, request.getHeaders().get("Last-Event-ID"));
            replay = replayFrames(missed);
            replayedUpTo = missed.latestId();
        } catch (StoreUnavailable e) {
            hub.leave(subscriber);
            Problems.logUnavailable(e);
            return answer(response, ended, 503, "Parley cannot reach its database just now. Try again in a moment.");
        } catch (RuntimeException e) {
            hub.leave(subscriber);
            open.closed(sessionId);
            throw e;
        }
        streamHeaders(response);
        StreamWriter writer = new StreamWriter(subscriber, response, ended, hub, fanOut);
        var endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        subscriber.start(replay, replayedUpTo, writer::wake, endPoint::close);
        return true; // the response ends when the writer completes the callback
    }

    private static void streamHeaders(Response response) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no"); // tell nginx not to buffer the stream
    }

    /**
     * HEAD: the status and headers GET would answer (RFC 9110 9.3.2) for this room and session, and no
     * stream: no subscriber, no replay, nothing counted against the stream limits, which bound open streams
     * and the rate they are opened at. So a HEAD that passes says 200 where the GET after it could still
     * meet a limit (429) or a database outage (503), which only opening the stream finds out.
     */
    private boolean headOnly(Response response, Callback callback) {
        if (shutdown) {
            return answer(response, callback, 503, "This Parley node is stopping. Try again in a moment.");
        }
        streamHeaders(response);
        // Sent before the end, as a stream's are, so Jetty does not add the "Content-Length: 0" of an
        // empty response, which would be false: GET's content has no length (RFC 9110 8.6).
        response.write(false, null, Callback.from(callback::succeeded, callback::failed));
        return true;
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
        hub.closeAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    private List<Frame> replayFrames(Replay replay) {
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(0, SseFrames.retry(retryMillis)));
        if (replay.reset()) {
            String history = replay.messages().stream().map(templates::message).collect(Collectors.joining());
            frames.add(SseFrames.reset(replay.latestId(), history));
        } else {
            for (Message message : replay.messages()) {
                frames.add(SseFrames.message(message.id(), templates.message(message)));
            }
        }
        return frames;
    }

    /**
     * The session cookie's value, read from the Cookie header directly: Jetty's Request.getCookies would
     * cache every cookie in a map on the request, which an open stream would keep for its whole life.
     * Both the browsers' form ({@code a=1; b=2}) and the older quoted one ({@code $Version="1", b="2"},
     * which Java's own HTTP client sends) are understood; the value is base64url, so never has to be unquoted.
     */
    private static String cookie(Request request) {
        String prefix = Sessions.COOKIE + "=";
        for (String header : request.getHeaders().getValuesList(HttpHeader.COOKIE)) {
            for (String pair : header.split("[;,]")) {
                String cookie = pair.strip();
                if (cookie.startsWith(prefix)) {
                    String value = cookie.substring(prefix.length());
                    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value;
                }
            }
        }
        return null;
    }

    private static boolean tooMany(Response response, Callback callback, Duration wait, String message) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(Problems.retryAfterSeconds(wait)));
        return answer(response, callback, 429, message);
    }

    /** A refusal, as plain text: an EventSource shows no page, but a person trying the URL reads why. */
    private static boolean answer(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, message + "\n", callback);
        return true;
    }
}
