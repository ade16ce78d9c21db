package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import parley.chat.ChatService;
import parley.chat.Message;
import parley.chat.Replay;
import parley.chat.Rules;
import parley.live.Frame;
import parley.live.Hub;
import parley.live.SseFrames;
import parley.live.Subscriber;

/**
 * GET /rooms/{room}/events — the room's event stream: an asynchronous response fed by its
 * {@link Subscriber}, whose drains are the connection's only writer.
 */
final class RoomEvents {
    private static final ThreadFactory WRITER_THREADS = Thread.ofVirtual().name("parley-stream").factory();
    private static final Executor WRITERS = task -> WRITER_THREADS.newThread(task).start();

    private final ChatService chat;
    private final Hub hub;
    private final Sessions sessions;
    private final Templates templates;
    private final long retryMillis;
    private final int queueCapacity;

    RoomEvents(ChatService chat, Hub hub, Sessions sessions, Templates templates, long retryMillis,
               int queueCapacity) {
        this.chat = chat;
        this.hub = hub;
        this.sessions = sessions;
        this.templates = templates;
        this.retryMillis = retryMillis;
        this.queueCapacity = queueCapacity;
    }

    void stream(Context ctx) throws IOException {
        String room = Rules.roomName(ctx.pathParam("room"));
        Optional<Session> session = sessions.read(ctx);
        if (session.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).result("Sign in to follow this room.\n");
            return;
        }
        // Jetty's own stream: its write(ByteBuffer) sends a buffer as it is, with no copy into a per-response
        // aggregation buffer that an idle stream would then hold for as long as it stays open.
        HttpOutput out = (HttpOutput) ctx.res().getOutputStream();
        Subscriber subscriber = new Subscriber(room, session.get().name(), queueCapacity, abortConnection(ctx));
        // Join before reading the replay: a message stored in between is then both replayed and queued
        // (the subscriber skips the copy) instead of lost.
        hub.join(subscriber);
        Replay replay;
        try {
            replay = chat.replay(room, ctx.header("Last-Event-ID"));
        } catch (RuntimeException e) {
            hub.leave(subscriber);
            throw e; // answered like any other request that fails (a 503 when the store is down)
        }
        ctx.status(HttpStatus.OK);
        ctx.res().setContentType("text/event-stream;charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no"); // tell nginx not to buffer the stream
        // The request's (platform) thread goes back to Jetty now. From here on the stream is written by
        // short tasks on virtual threads, one at a time, only when there is something to send: an idle stream
        // holds no thread, and a post is never queued behind the fan-out of the previous one.
        ctx.future(() -> {
            CompletableFuture<Void> response = new CompletableFuture<>();
            // Jetty reports a connection that failed or closed under the stream here. The response must be
            // finished at once, before Jetty recycles it; the subscriber stops at its next write.
            ctx.req().getAsyncContext().addListener(new StreamEndListener(() -> {
                subscriber.close();
                response.complete(null);
            }));
            subscriber.start(out::write, replayFrames(replay), replay.latestId(), WRITERS)
                    .whenComplete((ended, failure) -> {
                        if (failure == null) {
                            closeQuietly(out); // closed by the server (shutting down): end the response properly
                        } // else the client went away, or was dropped for being too slow: nothing to report
                        hub.leave(subscriber);
                        response.complete(null);
                    });
            return response;
        });
    }

    /** Runs {@code onEnd} when the container ends the asynchronous response: an error, a timeout or completion. */
    private record StreamEndListener(Runnable onEnd) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            onEnd.run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            onEnd.run();
        }

        @Override
        public void onError(AsyncEvent event) {
            onEnd.run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    private static void closeQuietly(HttpOutput out) {
        try {
            out.close();
        } catch (IOException e) {
            // the client left at the same moment
        }
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

    /** Closes the TCP connection under the response, which fails a write blocked on a client that stopped reading. */
    private static Runnable abortConnection(Context ctx) {
        var request = ServletContextRequest.getServletContextRequest(ctx.req());
        return () -> request.getConnectionMetaData().getConnection().getEndPoint().close();
    }
}
