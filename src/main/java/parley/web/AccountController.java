package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import parley.chat.Accounts;
import parley.chat.InvalidInput;
import parley.chat.Sessions;
import parley.chat.Viewer;
import parley.web.Pages.AccountPage;
import parley.web.Pages.Frame;

/** /account: your sessions (see them, end any or all others) and your password. */
final class AccountController {
    private final Accounts accounts;
    private final Sessions sessions;
    private final SessionCookies cookies;
    private final Sidebars sidebars;
    private final Templates templates;

    AccountController(Accounts accounts, Sessions sessions, SessionCookies cookies, Sidebars sidebars,
                      Templates templates) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
        this.sidebars = sidebars;
        this.templates = templates;
    }

    /** GET /account */
    void page(Context ctx) {
        respond(ctx, HttpStatus.OK, ctx.queryParam("done"), null);
    }

    /** POST /account/password (password, new_password): ends every other session. */
    void changePassword(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        try {
            accounts.changePassword(viewer, ctx.formParam("password"), ctx.formParam("new_password"));
        } catch (InvalidInput e) {
            respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, null, e.getMessage());
            return;
        }
        ctx.redirect("/account?done=password", HttpStatus.SEE_OTHER);
    }

    /** POST /account/sessions/{id}/end */
    void endSession(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new Refusal(HttpStatus.NOT_FOUND, "No such session", "There is no such session of yours.");
        }
        if (!sessions.end(viewer, id)) {
            throw new Refusal(HttpStatus.NOT_FOUND, "No such session",
                    "That session is not one of yours, or it has ended already. Reload /account to see your sessions.");
        }
        if (id == viewer.sessionId()) {
            cookies.clear(ctx);
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } else {
            ctx.redirect("/account?done=ended", HttpStatus.SEE_OTHER);
        }
    }

    /** POST /account/sessions/end-others */
    void endOthers(Context ctx) {
        sessions.endOthers(cookies.required(ctx));
        ctx.redirect("/account?done=ended-others", HttpStatus.SEE_OTHER);
    }

    private void respond(Context ctx, HttpStatus status, String done, String passwordError) {
        Viewer viewer = cookies.required(ctx);
        String notice = done == null ? null : switch (done) {
            case "password" -> "Your password is changed. Every other session of yours has ended.";
            case "ended" -> "That session has ended.";
            case "ended-others" -> "Every other session of yours has ended.";
            default -> null;
        };
        templates.respond(ctx, status, "account.jte", new AccountPage(
                new Frame("Your account · Parley", viewer, sidebars.of(viewer, null)),
                sessions.of(viewer), viewer.sessionId(), notice, passwordError));
    }
}
