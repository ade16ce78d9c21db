package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import parley.chat.Reading;
import parley.chat.RoomEntry;
import parley.chat.Viewer;

/** What the viewer has read in a room, and how involved they are in it. */
final class AttentionController {
    private final Reading reading;
    private final SessionCookies cookies;

    AttentionController(Reading reading, SessionCookies cookies) {
        this.reading = reading;
        this.cookies = cookies;
    }

    /**
     * POST /rooms/{room}/read (id): the page has shown the viewer the room up to change {@code id}, and the tab
     * is visible. 204; the viewer's sidebars, on every page and node, follow.
     */
    void read(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        reading.read(entry, viewer, ctx.formParam("id"));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /**
     * POST /rooms/{room}/involvement (involvement: everything, mentions or nothing). Back to the room (303), or
     * with htmx 204: the room's form shows the choice already.
     */
    void involve(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        reading.involve(entry, viewer, ctx.formParam("involvement"));
        if (Htmx.isRequest(ctx)) {
            ctx.status(HttpStatus.NO_CONTENT);
        } else {
            ctx.redirect("/rooms/" + entry.room(), HttpStatus.SEE_OTHER);
        }
    }
}
