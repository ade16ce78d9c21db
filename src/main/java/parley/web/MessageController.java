package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import parley.chat.Changing;
import parley.chat.InvalidInput;
import parley.chat.NoSuchMessage;
import parley.chat.NotAllowed;
import parley.chat.RoomEntry;
import parley.chat.Viewer;
import parley.store.Message;
import parley.store.StoreUnavailable;
import parley.web.Pages.Editor;
import parley.web.Pages.MessageView;

/**
 * Changing a message from its controls: edit (inline with htmx, or a page of its own), delete, react. With
 * htmx each answers with the message as it is now, for the viewer, which takes the old one's place (a
 * deleted one: nothing, so it goes); the stream brings the same change to everyone else. Without htmx each
 * goes back to the message (post/redirect/get).
 */
final class MessageController {
    private final Changing changing;
    private final SessionCookies cookies;
    private final Templates templates;
    private final Sidebars sidebars;
    private final Throttle changes;
    private final int maxTextLength;

    /** @param changes how fast a person may change messages: the same allowance as posting */
    MessageController(Changing changing, SessionCookies cookies, Templates templates, Sidebars sidebars,
                      Throttle changes, int maxTextLength) {
        this.changing = changing;
        this.cookies = cookies;
        this.templates = templates;
        this.sidebars = sidebars;
        this.changes = changes;
        this.maxTextLength = maxTextLength;
    }

    /** GET /rooms/{room}/messages/{id}/edit: the form, in the message's place (htmx) or on its own page. */
    void editForm(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        long id = id(ctx, entry);
        Message message;
        try {
            message = changing.find(entry, id);
            if (message.authorId() != viewer.accountId()) {
                throw new NotAllowed("Only the person who wrote a message can edit it.");
            }
        } catch (NoSuchMessage | NotAllowed e) {
            refuse(ctx, viewer, entry, id, e); // with htmx, the Edit link's message stays (or goes) in its place
            return;
        }
        respondEditor(ctx, HttpStatus.OK, viewer, new Editor(entry.room(), id, message.author(), message.text(), null,
                maxTextLength, Htmx.isRequest(ctx)));
    }

    /** POST /rooms/{room}/messages/{id} (text): the author's new text. */
    void edit(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        long id = id(ctx, entry);
        String text = ctx.formParam("text");
        try {
            throttled(viewer);
            Message edited = changing.edit(entry, viewer, id, text);
            answer(ctx, viewer, edited);
        } catch (InvalidInput | TooFast e) {
            HttpStatus status = e instanceof TooFast ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNPROCESSABLE_CONTENT;
            if (e instanceof TooFast tooFast) { // every 429 says when to try again
                ctx.header("Retry-After", String.valueOf(Refusal.retryAfterSeconds(tooFast.wait)));
            }
            respondEditor(ctx, status, viewer, new Editor(entry.room(), id, viewer.name(), text == null ? "" : text,
                    e.getMessage(), maxTextLength, Htmx.isRequest(ctx)));
        } catch (NoSuchMessage | NotAllowed | StoreUnavailable e) {
            refuse(ctx, viewer, entry, id, e);
        }
    }

    /** POST /rooms/{room}/messages/{id}/delete: by its author or an admin. */
    void delete(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        long id = id(ctx, entry);
        try {
            throttled(viewer);
            changing.delete(entry, viewer, id);
        } catch (NoSuchMessage | NotAllowed | StoreUnavailable | TooFast e) {
            refuse(ctx, viewer, entry, id, e);
            return;
        }
        if (Htmx.isRequest(ctx)) {
            ctx.status(HttpStatus.OK).contentType("text/html; charset=utf-8").result(""); // the message goes
        } else {
            ctx.redirect("/rooms/" + entry.room(), HttpStatus.SEE_OTHER);
        }
    }

    /** POST /rooms/{room}/messages/{id}/reactions (emoji): the viewer's reaction, on or off. */
    void react(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        long id = id(ctx, entry);
        try {
            throttled(viewer);
            answer(ctx, viewer, changing.react(entry, viewer, id, ctx.formParam("emoji")));
        } catch (InvalidInput | NoSuchMessage | NotAllowed | StoreUnavailable | TooFast e) {
            refuse(ctx, viewer, entry, id, e);
        }
    }

    /** The message as it is now: in place of the old one (htmx), or its permalink page. */
    private void answer(Context ctx, Viewer viewer, Message message) {
        if (Htmx.isRequest(ctx)) {
            ctx.status(HttpStatus.OK).contentType("text/html; charset=utf-8")
                    .result(templates.message(message, MessageView.of(viewer), null));
        } else {
            ctx.redirect("/rooms/" + message.room() + "/messages/" + message.id(), HttpStatus.SEE_OTHER);
        }
    }

    /**
     * A refused change. With htmx the message stays in its place, the reason said under it (one that is gone
     * is removed); without, the refusal's own page.
     */
    private void refuse(Context ctx, Viewer viewer, RoomEntry entry, long id, RuntimeException e) {
        Refusal refusal = refusal(e);
        if (!Htmx.isRequest(ctx)) {
            throw refusal;
        }
        if (refusal.retryAfter() != null) {
            ctx.header("Retry-After", String.valueOf(Refusal.retryAfterSeconds(refusal.retryAfter())));
        }
        Optional<Message> shown;
        try {
            shown = Optional.of(changing.find(entry, id));
        } catch (NoSuchMessage | StoreUnavailable gone) {
            shown = Optional.empty();
        }
        if (shown.isEmpty()) {
            Htmx.nothing(ctx, refusal.status());
            return;
        }
        ctx.status(refusal.status()).contentType("text/html; charset=utf-8")
                .result(templates.message(shown.get(), MessageView.of(viewer), refusal.getMessage()));
    }

    private static Refusal refusal(RuntimeException e) {
        return switch (e) {
            case NoSuchMessage missing when missing.deleted() -> new Refusal(HttpStatus.GONE, "Deleted", e.getMessage());
            case NoSuchMessage missing -> new Refusal(HttpStatus.NOT_FOUND, "No such message", e.getMessage());
            case NotAllowed notAllowed -> Refusal.forbidden(e.getMessage());
            case InvalidInput invalid -> new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "Not changed", e.getMessage());
            case TooFast tooFast -> Refusal.tooMany("Too many changes", e.getMessage(), tooFast.wait);
            case StoreUnavailable unavailable -> Refusal.unavailable(
                    "Parley could not save that change just now. Try again in a moment.", unavailable);
            default -> throw e;
        };
    }

    private void respondEditor(Context ctx, HttpStatus status, Viewer viewer, Editor editor) {
        if (editor.inline()) {
            templates.respond(ctx, status, "editing.jte", editor);
        } else {
            templates.respond(ctx, status, "edit.jte", new Pages.EditPage(
                    new Pages.Frame("Edit your message · Parley", viewer, sidebars.of(viewer, editor.room())), editor));
        }
    }

    /** Changes count against the same allowance as posts: each is sent to everyone in the room. */
    private void throttled(Viewer viewer) {
        Optional<Duration> wait = changes.acquire(viewer.scope());
        if (wait.isPresent()) {
            throw new TooFast(wait.get());
        }
    }

    private static long id(Context ctx, RoomEntry entry) {
        return RoomController.messageId(ctx.pathParam("id")).orElseThrow(() -> new Refusal(HttpStatus.NOT_FOUND,
                "No such message", "#" + entry.room() + " has no message with that id; the room's page is /rooms/"
                        + entry.room() + "."));
    }

    /** Too many changes lately: allowed again after {@code wait}. */
    private static final class TooFast extends RuntimeException {
        private final Duration wait;

        TooFast(Duration wait) {
            super("You are changing messages faster than Parley allows. Wait " + Refusal.inWords(wait)
                    + ", then try again.", null, false, false);
            this.wait = wait;
        }
    }
}
