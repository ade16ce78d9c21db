package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import parley.chat.ChatService;
import parley.chat.InvalidInput;
import parley.chat.Rules;
import parley.live.Presence;
import parley.store.StoreUnavailable;
import parley.web.Pages.Compose;
import parley.web.Pages.Room;

/** The room page and posting to it, with htmx (the form comes back) or without (post/redirect/get). */
final class RoomController {
    private final ChatService chat;
    private final Presence presence;
    private final Sessions sessions;
    private final Templates templates;
    private final Problems problems;

    RoomController(ChatService chat, Presence presence, Sessions sessions, Templates templates, Problems problems) {
        this.chat = chat;
        this.presence = presence;
        this.sessions = sessions;
        this.templates = templates;
        this.problems = problems;
    }

    void page(Context ctx) {
        String room = Rules.roomName(ctx.pathParam("room"));
        Optional<Session> viewer = sessions.read(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect("/?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        renderRoom(ctx, HttpStatus.OK, viewer.get(), room, Compose.empty(room));
    }

    void post(Context ctx) {
        String room = Rules.roomName(ctx.pathParam("room"));
        String text = ctx.formParam("text");
        Optional<Session> author = sessions.read(ctx);
        if (author.isEmpty()) {
            String signIn = "Your session has ended. Sign in again to post.";
            if (isHtmx(ctx)) {
                renderCompose(ctx, HttpStatus.UNAUTHORIZED, new Compose(room, text, signIn));
            } else {
                problems.render(ctx, HttpStatus.UNAUTHORIZED, "Sign in to post", signIn);
            }
            return;
        }
        try {
            chat.post(room, author.get().name(), text);
        } catch (InvalidInput e) {
            rejected(ctx, HttpStatus.UNPROCESSABLE_CONTENT, author.get(), new Compose(room, text, e.getMessage()));
            return;
        } catch (StoreUnavailable e) {
            Problems.logUnavailable(e);
            rejected(ctx, HttpStatus.SERVICE_UNAVAILABLE, author.get(),
                    new Compose(room, text, "Parley could not save your message just now. Try again in a moment."));
            return;
        }
        // The sender sees their message arrive over the stream, like everyone else: it appears once.
        if (isHtmx(ctx)) {
            renderCompose(ctx, HttpStatus.OK, Compose.empty(room));
        } else {
            ctx.redirect("/rooms/" + room, HttpStatus.SEE_OTHER);
        }
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
