package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import parley.store.Account;
import parley.chat.Accounts;
import parley.chat.InvalidInput;
import parley.chat.NotAllowed;
import parley.chat.Rooms;
import parley.chat.Viewer;
import parley.web.Pages.Admin;
import parley.web.Pages.Frame;
import parley.web.Pages.RoomCard;

/**
 * /admin: people (deactivate, reactivate, make or unmake admin) and the invite link. Every action asks the
 * database whether the viewer is an admin now, so a page loaded before they stopped being one does nothing.
 */
final class AdminController {
    private static final int ROOMS_SHOWN = 200;

    private final Accounts accounts;
    private final Rooms rooms;
    private final SessionCookies cookies;
    private final Sidebars sidebars;
    private final Templates templates;

    AdminController(Accounts accounts, Rooms rooms, SessionCookies cookies, Sidebars sidebars, Templates templates) {
        this.accounts = accounts;
        this.rooms = rooms;
        this.cookies = cookies;
        this.sidebars = sidebars;
        this.templates = templates;
    }

    /** GET /admin */
    void page(Context ctx) {
        respond(ctx, HttpStatus.OK, ctx.queryParam("done"), null);
    }

    /** POST /admin/invite/rotate */
    void rotateInvite(Context ctx) {
        allowed(() -> accounts.rotateInvite(cookies.required(ctx)));
        ctx.redirect("/admin?done=invite", HttpStatus.SEE_OTHER);
    }

    /** POST /admin/people/{name}/{action}: deactivate, reactivate, admin, member */
    void person(Context ctx) {
        Viewer admin = cookies.required(ctx);
        String name = ctx.pathParam("name");
        String action = ctx.pathParam("action");
        try {
            allowed(() -> {
                switch (action) {
                    case "deactivate" -> accounts.deactivate(admin, name);
                    case "reactivate" -> accounts.reactivate(admin, name);
                    case "admin" -> accounts.makeAdmin(admin, name);
                    case "member" -> accounts.makeMember(admin, name);
                    default -> throw new Refusal(HttpStatus.NOT_FOUND, "Not found", "There is no page at " + ctx.path() + ".");
                }
                return null;
            });
        } catch (InvalidInput e) {
            respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, null, e.getMessage());
            return;
        }
        ctx.redirect("/admin?done=" + action, HttpStatus.SEE_OTHER);
    }

    private void respond(Context ctx, HttpStatus status, String done, String error) {
        Viewer viewer = cookies.required(ctx);
        String notice = done == null ? null : switch (done) {
            case "invite" -> "The invite link is new. The old one no longer works.";
            case "deactivate" -> "Deactivated: their sessions and streams have ended.";
            case "reactivate" -> "Reactivated: they can sign in again.";
            case "admin" -> "They are an admin now.";
            case "member" -> "They are no longer an admin.";
            default -> null;
        };
        allowed(() -> {
            String invite = ctx.scheme() + "://" + ctx.host() + "/join/" + accounts.inviteCode(viewer);
            List<Account> people = accounts.people(viewer); // first: it is what checks that the viewer is an admin
            List<RoomCard> open = HomePage.openRooms(rooms, ROOMS_SHOWN);
            templates.respond(ctx, status, "admin.jte", new Admin(new Frame("Admin · Parley", viewer,
                    sidebars.of(viewer, null)), people, invite, open, rooms.counts(), notice, error));
            return null;
        });
    }

    private static <T> T allowed(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (NotAllowed e) {
            throw Refusal.forbidden(e.getMessage());
        }
    }
}
