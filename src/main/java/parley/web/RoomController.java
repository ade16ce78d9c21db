package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import parley.chat.IdempotencyKey;
import parley.chat.InvalidInput;
import parley.chat.InvalidKey;
import parley.chat.KeyReused;
import parley.chat.Posted;
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

    /**
     * POST /rooms/{room}/messages: every refusal shows the form again, with the text kept and the reason.
     * With an idempotency key ({@link IdempotencyKeys}) a repeat gets the first answer, marked
     * {@value IdempotencyKeys#REPLAYED}, and nothing new is stored or sent.
     */
    void post(Context ctx) {
        String room = ctx.pathParam("room");
        String text = ctx.formParam("text");
        // A new session is a new scope, where an old key finds nothing: the form comes back with a new one.
        Session author = sessions.read(ctx).orElseThrow(() -> new Refusal(HttpStatus.UNAUTHORIZED, "Sign in to post",
                "Your session has ended. Sign in again to post.").inForm(room, text, null));
        IdempotencyKey key;
        try {
            key = IdempotencyKeys.of(ctx).map(value -> IdempotencyKey.of(author.id(), value)).orElse(null);
        } catch (InvalidKey e) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "Not sent", IdempotencyKeys.inHeader(ctx)
                    ? "The Idempotency-Key header is not one Parley accepts. " + e.getMessage() + " Nothing was saved."
                    : "This form's idempotency key is not one Parley accepts, so nothing was saved. " + e.getMessage()
                            + " The form now has a new key: send it again.").inForm(room, text, null);
        }
        // What a refused form keeps, so that sending it again is a repeat of this post (see RoomPages.form).
        String kept = key == null ? null : key.value();
        Optional<Duration> wait = posts.acquire(author.id(), ctx.ip());
        if (wait.isPresent()) {
            Optional<Posted> earlier = key == null ? Optional.empty() : earlierAnswer(room, text, key);
            if (earlier.isPresent()) { // a repeat stores nothing, so it is not refused for coming too fast
                answer(ctx, earlier.get());
                return;
            }
            throw Refusal.tooMany("Too many messages", "You are sending messages faster than Parley allows. Wait "
                    + Refusal.inWords(wait.get()) + ", then send it again.", wait.get()).inForm(room, text, kept);
        }
        Posted posted;
        try {
            posted = posting.post(room, author.name(), text, newRooms.allowance(author.id(), ctx.ip()), key);
        } catch (InvalidInput e) {
            throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "Not sent", e.getMessage()).inForm(room, text, kept);
        } catch (TooSoon e) {
            throw Refusal.tooMany("Too many new rooms", "You have started many new rooms lately. Post in one of them, "
                    + "or try again in " + Refusal.inWords(e.waitFor()) + ".", e.waitFor()).inForm(room, text, kept);
        } catch (StoreUnavailable e) {
            throw Refusal.unavailable("Parley could not save your message just now. Try again in a moment.", e)
                    .inForm(room, text, kept);
        } catch (KeyReused e) {
            // The key is spent on another message; the form gets a new one, so sending again posts this text.
            throw new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "Not sent", IdempotencyKeys.inHeader(ctx)
                    ? "Not sent: this Idempotency-Key was already used in the last day for a different message (other "
                            + "text, or another room). Nothing was saved. Send a new message with a new key."
                    : "Not sent: this form already sent a different message, so this text was not saved. Check the "
                            + "room, then send it again to post it as a new message.").inForm(room, text, null);
        }
        answer(ctx, posted);
    }

    /** A post stored (now or, for a repeat, the first time): the form cleared for the next message, or back to the room. */
    private void answer(Context ctx, Posted posted) {
        if (posted.repeat()) {
            ctx.header(IdempotencyKeys.REPLAYED, "true");
        }
        // The sender sees their message arrive over the stream, like everyone else: it appears once.
        if (Htmx.isRequest(ctx)) {
            pages.respondForm(ctx, HttpStatus.OK, pages.form(posted.room(), "", null));
        } else {
            ctx.redirect("/rooms/" + posted.room(), HttpStatus.SEE_OTHER);
        }
    }

    /** The first answer to a post refused for coming too fast; none when the database cannot say (the 429 stands). */
    private Optional<Posted> earlierAnswer(String room, String text, IdempotencyKey key) {
        try {
            return posting.earlierAnswer(room, text, key);
        } catch (StoreUnavailable e) {
            return Optional.empty();
        }
    }
}
