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

    /** The room's message form, holding {@code text} and showing {@code error} (both may be empty). */
    Compose form(String room, String text, String error) {
        return new Compose(room, text, error, posting.maxTextLength());
    }
}
