package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import parley.chat.InvalidInput;
import parley.chat.Posting;
import parley.chat.TooSoon;
import parley.store.StoreUnavailable;

/** The room page and posting to it, with htmx (the form comes back) or without (post/redirect/get). */
final class RoomController {
    private final Posting posting;
    private final Sessions sessions;
    private final RoomPages pages;
    private final Throttle posts;
    private final Throttle newRooms;

    RoomController(Posting posting, Sessions sessions, RoomPages pages, Throttle posts, Throttle newRooms) {
        this.posting = posting;
        this.sessions = sessions;
        this.pages = pages;
        this.posts = posts;
        this.newRooms = newRooms;
    }

    /** GET /rooms/{room} */
    void page(Context ctx) {
        Optional<Session> viewer = sessions.read(ctx);
        if (viewer.isEmpty()) {
            ctx.redirect("/?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        pages.respond(ctx, HttpStatus.OK, viewer.get(), pages.form(ctx.pathParam("room"), "", null));
    }

    /** POST /rooms/{room}/messages: every refusal shows the form again, with the text kept and the reason. */
    void post(Context ctx) {
        String room = ctx.pathParam("room");
        String text = ctx.formParam("text");
        Session author = sessions.read(ctx).orElseThrow(() -> new Refusal(HttpStatus.UNAUTHORIZED, "Sign in to post",
                "Your session has ended. Sign in again to post.").inForm(room, text));
        Optional<Duration> wait = posts.acquire(author.id(), ctx.ip());
        if (wait.isPresent()) {
            throw Refusal.tooMany("Too many messages", "You are sending messages faster than Parley allows. Wait "
                    + Refusal.inWords(wait.get()) + ", then send it again.", wait.get()).inForm(room, text);
        }
        try {
            posting.post(room, author.name(), text, newRooms.allowance(author.id(), ctx.ip()));
        } catch (InvalidInput e) {
            throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "Not sent", e.getMessage()).inForm(room, text);
        } catch (TooSoon e) {
            throw Refusal.tooMany("Too many new rooms", "You have started many new rooms lately. Post in one of them, "
                    + "or try again in " + Refusal.inWords(e.waitFor()) + ".", e.waitFor()).inForm(room, text);
        } catch (StoreUnavailable e) {
            throw Refusal.unavailable("Parley could not save your message just now. Try again in a moment.", e)
                    .inForm(room, text);
        }
        // The sender sees their message arrive over the stream, like everyone else: it appears once.
        if (Htmx.isRequest(ctx)) {
            pages.respondForm(ctx, HttpStatus.OK, pages.form(room, "", null));
        } else {
            ctx.redirect("/rooms/" + room, HttpStatus.SEE_OTHER);
        }
    }
}
