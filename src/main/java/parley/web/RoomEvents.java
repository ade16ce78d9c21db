package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
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
 * GET /rooms/{room}/events — the room's event stream. The request's own (virtual) thread becomes the
 * subscriber's writer for as long as the stream is open: one connection, one writer.
 */
final class RoomEvents {
    private final ChatService chat;
    private final Hub hub;
    private final Sessions sessions;
    private final Templates templates;
    private final Duration heartbeat;
    private final long retryMillis;
    private final int queueCapacity;

    RoomEvents(ChatService chat, Hub hub, Sessions sessions, Templates templates,
               Duration heartbeat, long retryMillis, int queueCapacity) {
        this.chat = chat;
        this.hub = hub;
        this.sessions = sessions;
        this.templates = templates;
        this.heartbeat = heartbeat;
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
        ServletOutputStream out = ctx.res().getOutputStream();
        Subscriber subscriber = new Subscriber(room, session.get().name(), queueCapacity, abortConnection(ctx));
        // Join before reading the replay: a message stored in between is then both replayed and queued
        // (the subscriber skips the copy) instead of lost.
        hub.join(subscriber);
        try {
            Replay replay = chat.replay(room, ctx.header("Last-Event-ID"));
            ctx.status(HttpStatus.OK);
            ctx.res().setContentType("text/event-stream;charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-cache");
            ctx.res().setHeader("X-Accel-Buffering", "no"); // tell nginx not to buffer the stream
            subscriber.pump(out, replayFrames(replay), replay.latestId(), heartbeat);
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
