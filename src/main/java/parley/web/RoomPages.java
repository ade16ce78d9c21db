package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import parley.chat.Posting;
import parley.chat.Rooms;
import parley.web.Pages.Compose;
import parley.web.Pages.Room;

/** Renders a room's page and its message form: for opening the room, and for a post refused without htmx. */
final class RoomPages {
    private final Rooms rooms;
    private final Posting posting;
    private final Templates templates;

    RoomPages(Rooms rooms, Posting posting, Templates templates) {
        this.rooms = rooms;
        this.posting = posting;
        this.templates = templates;
    }

    /** The room's page, its form showing {@code form}. */
    void respond(Context ctx, HttpStatus status, Session viewer, Compose form) {
        Room page = new Room(viewer, form.room(), rooms.recent(form.room()), rooms.present(form.room(), viewer.name()), form);
        templates.respond(ctx, status, "room.jte", page);
    }

    /** The message form alone, as htmx swaps it in after a post. */
    void respondForm(Context ctx, HttpStatus status, Compose form) {
        templates.respond(ctx, status, "compose.jte", form);
    }

    /** The room's message form, holding {@code text} and showing {@code error} (both may be empty), with a new key. */
    Compose form(String room, String text, String error) {
        return form(room, text, error, null);
    }

    /**
     * The same form with idempotency key {@code key}, or a new one when it is null. A form for a new message
     * (a page, the cleared form after a send) gets a new key. A refused post's form, which still holds what
     * was typed, keeps the key it was sent with: the refusal means this attempt stored nothing, but an
     * earlier attempt with the same key may have (its answer lost to a crash, a proxy's resend refused on the
     * other node), and sending again with the same key then finds that message instead of storing it twice.
     */
    Compose form(String room, String text, String error, String key) {
        return new Compose(room, text, error, posting.maxTextLength(), key != null ? key : IdempotencyKeys.fresh());
    }
}
