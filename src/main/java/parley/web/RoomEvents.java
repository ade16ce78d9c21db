package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
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
 * GET /rooms/{room}/events — the room's event stream. A virtual thread of its own becomes the
 * subscriber's writer for as long as the stream is open: one connection, one writer.
 */
final class RoomEvents {
    private static final Executor STREAMS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("parley-stream-", 0).factory());

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
        // The open stream gets a virtual thread of its own, and this (platform) request thread goes back to
        // Jetty. Requests and streams are then scheduled apart: under load a post is never queued behind the
        // fan-out of the previous one, so posting keeps its pace and each stream write carries more messages.
        ctx.future(() -> CompletableFuture.runAsync(() -> pump(subscriber, out, replay), STREAMS));
    }

    private void pump(Subscriber subscriber, HttpOutput out, Replay replay) {
        try {
            subscriber.pump(out::write, replayFrames(replay), replay.latestId());
            out.close(); // closed by the server (shutting down): end the response properly before leaving
        } catch (IOException e) {
            // The client went away (or was dropped for being too slow): nothing to report.
        } finally {
            hub.leave(subscriber);
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
