package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import parley.chat.ChatService;
import parley.chat.InvalidInput;
import parley.chat.Rules;
import parley.live.Presence;
import parley.store.StoreUnavailable;
import parley.web.Pages.Compose;
import parley.web.Pages.Room;

/** The room page and posting to it, with htmx (the form comes back) or without (post/redirect/get). */
final class RoomController {
    private static final Pattern MESSAGES = Pattern.compile("/rooms/([^/]+)/messages");

    private final ChatService chat;
    private final Presence presence;
    private final Sessions sessions;
    private final Templates templates;
    private final Problems problems;
    private final Throttle posts;
    private final Throttle newRooms;

    RoomController(ChatService chat, Presence presence, Sessions sessions, Templates templates, Problems problems,
                   Throttle posts, Throttle newRooms) {
        this.chat = chat;
        this.presence = presence;
        this.sessions = sessions;
        this.templates = templates;
        this.problems = problems;
        this.posts = posts;
        this.newRooms = newRooms;
    }

    void page(Context ctx) {
        String room = Rules.roomName(ctx.pathParam("room"));
        Optional<Session> viewer = sessions.read(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect("/?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        renderRoom(ctx, HttpStatus.OK, viewer.get(), room, empty(room));
    }

    void post(Context ctx) {
        String room = Rules.roomName(ctx.pathParam("room"));
        String text = ctx.formParam("text");
        Optional<Session> author = sessions.read(ctx);
        if (author.isEmpty()) {
            String signIn = "Your session has ended. Sign in again to post.";
            if (isHtmx(ctx)) {
                renderCompose(ctx, HttpStatus.UNAUTHORIZED, form(room, text, signIn));
            } else {
                problems.render(ctx, HttpStatus.UNAUTHORIZED, "Sign in to post", signIn);
            }
            return;
        }
        Session session = author.get();
        Optional<Duration> wait = posts.acquire(session.id(), ctx.ip());
        if (wait.isPresent()) {
            tooMany(ctx, session, wait.get(), form(room, text,
                    "You are sending messages faster than Parley allows. Wait " + Problems.inWords(wait.get())
                            + ", then send it again."));
            return;
        }
        try {
            String checked = chat.checkText(text);
            // Only a message that would be stored counts as creating its room, so a typo costs nothing.
            wait = newRooms.enforced() && !chat.roomExists(room) ? newRooms.acquire(session.id(), ctx.ip()) : Optional.empty();
            if (wait.isPresent()) {
                tooMany(ctx, session, wait.get(), form(room, text,
                        "You have started many new rooms lately. Post in one of them, or try again in "
                                + Problems.inWords(wait.get()) + "."));
                return;
            }
            chat.post(room, session.name(), checked);
        } catch (InvalidInput e) {
            rejected(ctx, HttpStatus.UNPROCESSABLE_CONTENT, session, form(room, text, e.getMessage()));
            return;
        } catch (StoreUnavailable e) {
            Problems.logUnavailable(e);
            rejected(ctx, HttpStatus.SERVICE_UNAVAILABLE, session,
                    form(room, text, "Parley could not save your message just now. Try again in a moment."));
            return;
        }
        // The sender sees their message arrive over the stream, like everyone else: it appears once.
        if (isHtmx(ctx)) {
            renderCompose(ctx, HttpStatus.OK, empty(room));
        } else {
            ctx.redirect("/rooms/" + room, HttpStatus.SEE_OTHER);
        }
    }

    /** The room whose messages {@code path} posts to, when it is one; for refusals made before routing. */
    static Optional<String> roomPostedTo(String path) {
        Matcher post = MESSAGES.matcher(path);
        try {
            return post.matches() ? Optional.of(Rules.roomName(post.group(1))) : Optional.empty();
        } catch (InvalidInput e) {
            return Optional.empty();
        }
    }

    /**
     * A post refused before it reached {@link #post} (another site, too large, not a UTF-8 form): the form
     * comes back empty, since what arrived is not what was typed, with the reason next to it.
     */
    void refused(Context ctx, String room, Refusal refusal) {
        renderCompose(ctx, refusal.status(), form(room, "", refusal.getMessage()));
    }

    /** 429 with Retry-After: the form comes back with the text kept and the reason shown next to it. */
    private void tooMany(Context ctx, Session author, Duration wait, Compose form) {
        ctx.header("Retry-After", String.valueOf(Problems.retryAfterSeconds(wait)));
        rejected(ctx, HttpStatus.TOO_MANY_REQUESTS, author, form);
    }

    private Compose empty(String room) {
        return form(room, "", null);
    }

    private Compose form(String room, String text, String error) {
        return new Compose(room, text, error, chat.maxTextLength());
    }

    private void rejected(Context ctx, HttpStatus status, Session author, Compose form) {
        if (isHtmx(ctx)) {
            renderCompose(ctx, status, form);
        } else {
            renderRoom(ctx, status, author, form.room(), form);
        }
    }

    private void renderRoom(Context ctx, HttpStatus status, Session viewer, String room, Compose compose) {
        // Shown at once, before this page's own stream connects and the presence event confirms it.
        List<String> present = new ArrayList<>(presence.names(room));
        if (!present.contains(viewer.name())) {
            present.add(viewer.name());
            present.sort(String.CASE_INSENSITIVE_ORDER);
        }
        Room page = new Room(viewer, room, chat.recent(room), present, compose);
        templates.respond(ctx, status, "room.jte", page);
    }

    private void renderCompose(Context ctx, HttpStatus status, Compose form) {
        templates.respond(ctx, status, "compose.jte", form);
    }

    static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }
}
