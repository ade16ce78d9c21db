package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import parley.chat.InvalidInput;
import parley.chat.Rooms;
import parley.chat.Rules;
import parley.web.Pages.FieldError;
import parley.web.Pages.Home;
import parley.web.Pages.RoomCard;

/** The home page, signing in and out, and opening a room by the name typed. */
final class HomeController {
    private static final int ROOMS_SHOWN = 50;

    private final Rooms rooms;
    private final Sessions sessions;
    private final Templates templates;

    HomeController(Rooms rooms, Sessions sessions, Templates templates) {
        this.rooms = rooms;
        this.sessions = sessions;
        this.templates = templates;
    }

    void home(Context ctx) {
        render(ctx, HttpStatus.OK, ctx.queryParam("next"), FieldError.NONE, FieldError.NONE);
    }

    void signIn(Context ctx) {
        String raw = ctx.formParam("name");
        try {
            sessions.start(ctx, Rules.nickname(raw));
            ctx.redirect(localPath(ctx.formParam("next")), HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            String next = ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next");
            render(ctx, HttpStatus.UNPROCESSABLE_CONTENT, next, new FieldError(raw, e.getMessage()), FieldError.NONE);
        }
    }

    void signOut(Context ctx) {
        sessions.end(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** GET /rooms?name=… — the "open a room" form: forgiving about case and spaces, then a redirect. */
    void openRoom(Context ctx) {
        String raw = ctx.queryParam("name");
        try {
            ctx.redirect("/rooms/" + Rules.roomNameTyped(raw), HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            render(ctx, HttpStatus.UNPROCESSABLE_CONTENT, ctx.queryParam("next"), FieldError.NONE,
                    new FieldError(raw, e.getMessage()));
        }
    }

    /** @param next where to go after signing in: from the address on a GET, from the form on a POST (never a GET's body) */
    private void render(Context ctx, HttpStatus status, String next, FieldError name, FieldError room) {
        Session viewer = sessions.read(ctx).orElse(null);
        List<RoomCard> cards = rooms.active(ROOMS_SHOWN).stream()
                .map(r -> new RoomCard(r.name(), r.messageCount(), r.lastActiveAt(), rooms.online(r.name())))
                .toList();
        templates.respond(ctx, status, "home.jte", new Home(viewer, cards, localPath(next), name, room));
    }

    /** Only paths on this site are followed after sign-in, never another origin ("//evil", "/\evil"). */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
            return "/";
        }
        return next;
    }
}
