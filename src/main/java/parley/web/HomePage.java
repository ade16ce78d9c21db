package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import parley.chat.Accounts;
import parley.chat.Rooms;
import parley.chat.Viewer;
import parley.store.RoomSummary;
import parley.web.Pages.FieldError;
import parley.web.Pages.Frame;
import parley.web.Pages.Home;
import parley.web.Pages.RoomCard;
import parley.web.Pages.SignForm;

/** Renders the home page, as it is, or with a form's error in it. */
final class HomePage {
    private static final int ROOMS_SHOWN = 50;

    private final Accounts accounts;
    private final Rooms rooms;
    private final Sidebars sidebars;
    private final SessionCookies cookies;
    private final Templates templates;

    HomePage(Accounts accounts, Rooms rooms, Sidebars sidebars, SessionCookies cookies, Templates templates) {
        this.accounts = accounts;
        this.rooms = rooms;
        this.sidebars = sidebars;
        this.cookies = cookies;
        this.templates = templates;
    }

    /** Everything as it is. */
    void respond(Context ctx, HttpStatus status, String next) {
        respond(ctx, status, next, SignForm.EMPTY, SignForm.EMPTY, FieldError.NONE, FieldError.NONE);
    }

    /** @param next where to go after signing in: from the address on a GET, from the form on a POST */
    void respond(Context ctx, HttpStatus status, String next, SignForm signIn, SignForm signUp, FieldError room,
                 FieldError direct) {
        Viewer viewer = cookies.viewer(ctx).orElse(null);
        List<RoomCard> cards = viewer == null ? List.of() : openRooms(rooms, ROOMS_SHOWN);
        Frame frame = viewer == null ? Frame.signedOut("Parley") : new Frame("Parley", viewer, sidebars.of(viewer, null));
        boolean firstRun = viewer == null && accounts.firstRun();
        templates.respond(ctx, status, "home.jte", new Home(frame, firstRun, viewer == null && accounts.signupOpen(),
                localPath(next), signIn, signUp, cards, room, direct));
    }

    /** The open rooms with messages, most recently active first, each with how many people are in it now. */
    static List<RoomCard> openRooms(Rooms rooms, int limit) {
        List<RoomSummary> active = rooms.active(limit);
        Map<String, Integer> here = rooms.here(active.stream().map(RoomSummary::name).toList());
        return active.stream()
                .map(r -> new RoomCard(r.name(), r.messageCount(), r.lastActiveAt(), here.getOrDefault(r.name(), 0)))
                .toList();
    }

    /** Only paths on this site are followed after sign-in, never another origin ("//evil", "/\evil"). */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
            return "/";
        }
        return next;
    }
}
