package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import parley.chat.History;
import parley.chat.IdempotencyKey;
import parley.chat.InvalidInput;
import parley.chat.InvalidKey;
import parley.chat.KeyReused;
import parley.chat.Posted;
import parley.chat.Posting;
import parley.chat.Reading;
import parley.chat.RoomEntry;
import parley.chat.Rooms;
import parley.chat.Viewer;
import parley.chat.TooSoon;
import parley.store.Message;
import parley.store.StoreUnavailable;
import parley.web.Pages.FieldError;

/** The room page and posting to it, with htmx (the form comes back) or without (post/redirect/get). */
final class RoomController {
    private final Posting posting;
    private final Rooms rooms;
    private final SessionCookies cookies;
    private final RoomPages pages;
    private final Throttle posts;
    private final Throttle newRooms;
    private final Reading reading;

    RoomController(Posting posting, Rooms rooms, Reading reading, SessionCookies cookies, RoomPages pages, Throttle posts,
                   Throttle newRooms) {
        this.posting = posting;
        this.reading = reading;
        this.rooms = rooms;
        this.cookies = cookies;
        this.pages = pages;
        this.posts = posts;
        this.newRooms = newRooms;
    }

    /**
     * GET /rooms/{room}[?before={id}]: the newest messages, or (the "Older messages" link, without JavaScript)
     * the page of them above {@code before}. Opening an open room makes the viewer a member (it joins their
     * sidebar).
     */
    void page(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        String before = ctx.queryParam("before");
        History history = before == null ? rooms.latest(entry) : rooms.before(entry, position(before));
        rooms.opened(entry, viewer);
        pages.respond(ctx, HttpStatus.OK, viewer, entry, pages.form(entry.room(), "", null), FieldError.NONE,
                history, 0);
        if (before == null) {
            reading.opened(entry, viewer, history.after()); // after the page, whose divider shows what was unread
        }
    }

    /**
     * GET /rooms/{room}/messages?before={id}: scrollback, the {@value Rooms#PAGE} messages above {@code before}
     * as a fragment that begins with the sentinel loading the ones above them (or with the room's beginning).
     */
    void older(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        String before = ctx.queryParam("before");
        if (before == null) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "Which messages?", "Say where the older messages end: "
                    + "/rooms/" + entry.room() + "/messages?before= and a message's id. The room's page is /rooms/"
                    + entry.room() + ".");
        }
        pages.respondHistory(ctx, viewer, entry.room(), rooms.before(entry, position(before)));
    }

    /**
     * GET /rooms/{room}/messages/{id}: a permalink, the room's page around that message, which is marked. With
     * htmx, the message alone (an edit's Cancel puts it back in its place).
     */
    void permalink(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        if (Htmx.isRequest(ctx)) {
            Optional<Message> message = messageId(ctx.pathParam("id")).flatMap(id -> rooms.message(entry, id));
            if (message.isPresent()) {
                ctx.status(HttpStatus.OK).contentType("text/html; charset=utf-8").result(pages.message(message.get(), viewer));
            } else {
                Htmx.nothing(ctx, HttpStatus.NOT_FOUND);
            }
            return;
        }
        Optional<History> around = messageId(ctx.pathParam("id")).flatMap(id -> rooms.around(entry, id));
        if (around.isEmpty()) {
            throw new Refusal(HttpStatus.NOT_FOUND, "No such message", "#" + entry.room() + " has no message "
                    + "with that link. It may be a link to another room's message; the room's page is /rooms/"
                    + entry.room() + ".");
        }
        rooms.opened(entry, viewer);
        pages.respond(ctx, HttpStatus.OK, viewer, entry, pages.form(entry.room(), "", null), FieldError.NONE,
                around.get(), Long.parseLong(ctx.pathParam("id")));
    }

    /**
     * A {@code before=} position: any whole number of 0 or more (an id need not be this room's: it only says
     * where the older messages end).
     */
    private static long position(String before) {
        return messageId(before).orElseThrow(() -> new Refusal(HttpStatus.BAD_REQUEST, "Which messages?",
                "before= takes a message's id, a whole number such as 1234, to show the messages above it. Open the "
                        + "room's page again to start from its newest messages."));
    }

    static Optional<Long> messageId(String value) {
        if (value == null || value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException beyondLong) {
            return Optional.empty();
        }
    }

    /** POST /rooms/{room}/members (name): a member of a private room adds someone. */
    void addMember(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        String name = ctx.formParam("name");
        try {
            rooms.addMember(entry, viewer, name);
        } catch (InvalidInput e) {
            pages.respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, viewer, entry, pages.form(entry.room(), "", null),
                    new FieldError(name, e.getMessage()));
            return;
        }
        ctx.redirect("/rooms/" + entry.room(), HttpStatus.SEE_OTHER);
    }

    /** POST /rooms/{room}/leave: the room leaves the viewer's sidebar. */
    void leave(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        try {
            rooms.leave(entry, viewer);
        } catch (InvalidInput e) {
            pages.respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, viewer, entry, pages.form(entry.room(), "", null),
                    new FieldError(null, e.getMessage()));
            return;
        }
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /**
     * POST /rooms/{room}/messages: every refusal shows the form again, with the text kept and the reason.
     * With an idempotency key ({@link IdempotencyKeys}) a repeat gets the first answer, marked
     * {@value IdempotencyKeys#REPLAYED}, and nothing new is stored or sent.
     */
    void post(Context ctx) {
        RoomEntry entry = RoomDoor.entry(ctx);
        String room = entry.room();
        String text = ctx.formParam("text");
        Viewer author = cookies.required(ctx);
        IdempotencyKey key;
        try {
            key = IdempotencyKeys.of(ctx).map(value -> IdempotencyKey.of(author.scope(), value)).orElse(null);
        } catch (InvalidKey e) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "Not sent", IdempotencyKeys.inHeader(ctx)
                    ? "The Idempotency-Key header is not one Parley accepts. " + e.getMessage() + " Nothing was saved."
                    : "This form's idempotency key is not one Parley accepts, so nothing was saved. " + e.getMessage()
                            + " The form now has a new key: send it again.").inForm(room, text, null);
        }
        // What a refused form keeps, so that sending it again is a repeat of this post (see RoomPages.form).
        String kept = key == null ? null : key.value();
        Optional<Duration> wait = posts.acquire(author.scope());
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
            posted = posting.post(entry, author.asAuthor(), text, newRooms.allowance(author.scope()), key);
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
            // Back to the room at the message, which its page shows among the newest.
            ctx.redirect("/rooms/" + posted.room() + "#m-" + posted.messageId(), HttpStatus.SEE_OTHER);
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
