package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import parley.chat.InvalidInput;
import parley.chat.Rooms;
import parley.chat.Rules;
import parley.chat.TooSoon;
import parley.chat.Viewer;
import parley.store.RoomKind;
import parley.web.Pages.FieldError;
import parley.web.Pages.SignForm;

/** The home page, and what is done from it: opening a room by name, creating one, messaging someone. */
final class HomeController {
    private final HomePage page;
    private final Rooms rooms;
    private final SessionCookies cookies;
    private final Throttle newRooms;

    HomeController(HomePage page, Rooms rooms, SessionCookies cookies, Throttle newRooms) {
        this.page = page;
        this.rooms = rooms;
        this.cookies = cookies;
        this.newRooms = newRooms;
    }

    /** GET / */
    void home(Context ctx) {
        page.respond(ctx, HttpStatus.OK, ctx.queryParam("next"));
    }

    /** GET /rooms?name=… — the "open a room" form: forgiving about case and spaces, then a redirect. */
    void openRoom(Context ctx) {
        cookies.required(ctx); // the form is on the signed-in home page; signed out, sign in first
        String raw = ctx.queryParam("name");
        try {
            ctx.redirect("/rooms/" + Rules.roomNameTyped(raw), HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            refused(ctx, new FieldError(raw, e.getMessage()), FieldError.NONE);
        }
    }

    /** POST /rooms (name, kind): creates an open or private room, and goes there. */
    void createRoom(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        String raw = ctx.formParam("name");
        try {
            String room = rooms.create(raw, kind(ctx.formParam("kind")), viewer, newRooms.allowance(viewer.scope()));
            ctx.redirect("/rooms/" + room, HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            refused(ctx, new FieldError(raw, e.getMessage()), FieldError.NONE);
        } catch (TooSoon e) {
            throw Refusal.tooMany("Too many new rooms", "You have started many new rooms lately. Try again in "
                    + Refusal.inWords(e.waitFor()) + ".", e.waitFor());
        }
    }

    /** POST /direct (name, repeatable): the direct room of the viewer and those people. */
    void direct(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        try {
            ctx.redirect("/rooms/" + rooms.direct(viewer, ctx.formParams("name")), HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            refused(ctx, FieldError.NONE, new FieldError(String.join(", ", ctx.formParams("name")), e.getMessage()));
        }
    }

    private void refused(Context ctx, FieldError room, FieldError direct) {
        page.respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, ctx.queryParam("next"), SignForm.EMPTY, SignForm.EMPTY,
                room, direct);
    }

    private static RoomKind kind(String raw) {
        if (raw == null || raw.isBlank() || raw.equals("open")) {
            return RoomKind.OPEN;
        }
        if (raw.equals("private")) {
            return RoomKind.PRIVATE;
        }
        throw new InvalidInput("A room is open (anyone can join) or private (members add members), not " + raw + ".");
    }
}
