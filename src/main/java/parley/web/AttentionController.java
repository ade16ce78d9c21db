package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Locale;
import parley.chat.Reading;
import parley.chat.RoomEntry;
import parley.chat.Rooms;
import parley.chat.TooSoon;
import parley.chat.Typing;
import parley.chat.Viewer;

/** What the viewer has read in a room, how involved they are in it, and that they are typing in it. */
final class AttentionController {
    private final Reading reading;
    private final Typing typing;
    private final SessionCookies cookies;
    private final Rooms rooms;
    private final Templates templates;

    AttentionController(Reading reading, Typing typing, Rooms rooms, SessionCookies cookies, Templates templates) {
        this.reading = reading;
        this.typing = typing;
        this.rooms = rooms;
        this.cookies = cookies;
        this.templates = templates;
    }

    /** At most this many names are offered for one {@code @}. */
    static final int NAMES_OFFERED = 8;

    /**
     * GET /rooms/{room}/mentions?q=al: the room's members whose name begins with what follows the {@code @}
     * (ignoring case), as the options of the compose box's list; empty when none does.
     */
    void names(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        String typed = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip().toLowerCase(Locale.ROOT);
        List<String> names = rooms.members(entry).stream()
                .filter(name -> !name.equals(viewer.name()) && name.toLowerCase(Locale.ROOT).startsWith(typed))
                .limit(NAMES_OFFERED).toList();
        templates.respond(ctx, HttpStatus.OK, "mention-options.jte", names);
    }

    /**
     * POST /rooms/{room}/typing: the viewer is typing; the room's other pages say so for a few seconds. 204, or
     * 429 with Retry-After when the page says it more than once per few seconds (the others hear nothing).
     */
    void typing(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        try {
            typing.typing(entry, viewer);
        } catch (TooSoon e) {
            throw Refusal.tooMany("Typing", "Say that you are typing once every few seconds at most.", e.waitFor());
        }
        ctx.status(HttpStatus.NO_CONTENT);
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
