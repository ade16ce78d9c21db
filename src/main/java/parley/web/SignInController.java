package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import parley.chat.Accounts;
import parley.chat.HashingBusy;
import parley.chat.InvalidInput;
import parley.chat.Names;
import parley.chat.NotAllowed;
import parley.chat.Sessions;
import parley.chat.SignedIn;
import parley.chat.WrongCredentials;
import parley.web.Pages.FieldError;
import parley.web.Pages.Frame;
import parley.web.Pages.Join;
import parley.web.Pages.SignForm;

/**
 * Signing up (first run, open sign-up, or by invite link), in and out. Failed sign-ins are limited per name
 * and per address, and only failures count; sign-ups per address.
 */
final class SignInController {
    private final Accounts accounts;
    private final Sessions sessions;
    private final SessionCookies cookies;
    private final HomePage home;
    private final Templates templates;
    private final Throttle failuresPerName;
    private final Throttle failuresPerAddress;
    private final Throttle signUps;

    SignInController(Accounts accounts, Sessions sessions, SessionCookies cookies, HomePage home, Templates templates,
                     Throttle failuresPerName, Throttle failuresPerAddress, Throttle signUps) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
        this.home = home;
        this.templates = templates;
        this.failuresPerName = failuresPerName;
        this.failuresPerAddress = failuresPerAddress;
        this.signUps = signUps;
    }

    /** POST /session (name, password) */
    void signIn(Context ctx) {
        String name = ctx.formParam("name");
        String nameKey = nameKey(name);
        String address = Throttle.network(ctx.ip());
        // Every attempt takes one of each allowance before it is tried, so attempts at once cannot overshoot
        // the limit; whatever turns out not to be a failure gives them back.
        Optional<Duration> wait = failuresPerName.acquire(nameKey);
        if (wait.isEmpty()) {
            wait = failuresPerAddress.acquire(address);
            if (wait.isPresent()) {
                failuresPerName.refund(nameKey);
            }
        }
        if (wait.isPresent()) {
            throw Refusal.tooMany("Too many failed sign-ins", "There have been too many failed sign-ins for this name "
                    + "or from this network. Try again in " + Refusal.inWords(wait.get()) + ".", wait.get());
        }
        boolean failed = false;
        boolean busy = false;
        try {
            SignedIn signedIn = accounts.signIn(name, ctx.formParam("password"), ctx.userAgent());
            cookies.start(ctx, signedIn);
            ctx.redirect(HomePage.localPath(ctx.formParam("next")), HttpStatus.SEE_OTHER);
        } catch (WrongCredentials e) {
            failed = true;
            home.respond(ctx, HttpStatus.UNAUTHORIZED, ctx.formParam("next"), new SignForm(name, e.getMessage()),
                    SignForm.EMPTY, FieldError.NONE, FieldError.NONE);
        } catch (NotAllowed e) { // the right password, of a deactivated account
            home.respond(ctx, HttpStatus.FORBIDDEN, ctx.formParam("next"), new SignForm(name, e.getMessage()),
                    SignForm.EMPTY, FieldError.NONE, FieldError.NONE);
        } catch (HashingBusy e) {
            // Not tried, so not held against the name (its owner may be the one kept waiting); but held against
            // the address: a flood from one address is then refused before it reaches the hashing queue at all,
            // and leaves that queue to everyone else.
            busy = true;
            throw e;
        } finally {
            if (!failed) {
                failuresPerName.refund(nameKey);
                if (!busy) {
                    failuresPerAddress.refund(address);
                }
            }
        }
    }

    /** POST /signup (name, password, and code when joining by invite) */
    void signUp(Context ctx) {
        String name = ctx.formParam("name");
        String code = ctx.formParam("code");
        String address = Throttle.network(ctx.ip());
        Optional<Duration> wait = signUps.acquire(address);
        if (wait.isPresent()) {
            throw Refusal.tooMany("Too many sign-ups", "Many accounts have been made from this network lately. Try "
                    + "again in " + Refusal.inWords(wait.get()) + ".", wait.get());
        }
        try {
            SignedIn signedIn = accounts.signUp(name, ctx.formParam("password"), code, ctx.userAgent());
            cookies.start(ctx, signedIn);
            ctx.redirect(HomePage.localPath(ctx.formParam("next")), HttpStatus.SEE_OTHER);
        } catch (InvalidInput e) {
            SignForm form = new SignForm(name, e.getMessage());
            if (code != null) {
                templates.respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, "join.jte",
                        new Join(Frame.signedOut("Join Parley"), code, form));
            } else {
                home.respond(ctx, HttpStatus.UNPROCESSABLE_CONTENT, ctx.formParam("next"), SignForm.EMPTY, form,
                        FieldError.NONE, FieldError.NONE);
            }
        } catch (NotAllowed e) {
            throw Refusal.forbidden(e.getMessage());
        } catch (HashingBusy e) {
            signUps.refund(address); // not tried: no account was made, so none is counted
            throw e;
        }
    }

    /** GET /join/{code}: the sign-up form of an invite link, while the link is the current one. */
    void join(Context ctx) {
        String code = ctx.pathParam("code");
        if (!accounts.invited(code)) {
            throw new Refusal(HttpStatus.NOT_FOUND, "Invite link not valid",
                    "This invite link is not valid any more. Ask whoever sent it for the current one.");
        }
        templates.respond(ctx, HttpStatus.OK, "join.jte", new Join(Frame.signedOut("Join Parley"), code, SignForm.EMPTY));
    }

    /** POST /logout: ends this session (its streams too) and clears the cookie. */
    void signOut(Context ctx) {
        cookies.viewer(ctx).ifPresent(viewer -> sessions.end(viewer, viewer.sessionId()));
        cookies.clear(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /** What failed sign-ins of a name are counted under: its key, so "Alice" and "alice" share one count. */
    private static String nameKey(String name) {
        try {
            return Names.skeleton(Names.accountName(name));
        } catch (InvalidInput e) {
            return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        }
    }
}
