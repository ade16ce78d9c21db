package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.chat.NoSuchRoom;
import parley.chat.Rules;
import parley.chat.Viewer;
import parley.store.StoreUnavailable;
import parley.web.Pages.Frame;
import parley.web.Pages.Problem;

/**
 * Shows a {@link Refusal}; the one place that decides how. A post sent by htmx gets its message form back
 * with the reason next to it; the same post without JavaScript gets the room's page with that form; a
 * browser gets a page that says what went wrong; anything else (htmx outside a form, an EventSource, curl,
 * Jetty's own refusals of unreadable requests) gets the reason as plain text.
 */
final class Refusals {
    private static final Logger log = LoggerFactory.getLogger(Refusals.class);
    private static final Pattern MESSAGES = Pattern.compile("/rooms/([^/]+)/messages");

    private final SessionCookies cookies;
    private final Sidebars sidebars;
    private final Templates templates;
    private final RoomPages roomPages;

    Refusals(SessionCookies cookies, Sidebars sidebars, Templates templates, RoomPages roomPages) {
        this.cookies = cookies;
        this.sidebars = sidebars;
        this.templates = templates;
        this.roomPages = roomPages;
    }

    /** A refusal of a request that went through Javalin: a route's, or the gate's before any route ran. */
    void render(Context ctx, Refusal refusal) {
        logCause(refusal);
        ctx.status(refusal.status());
        if (refusal.retryAfter() != null) {
            ctx.header(HttpHeader.RETRY_AFTER.asString(), String.valueOf(Refusal.retryAfterSeconds(refusal.retryAfter())));
        }
        if (refusal.status() == HttpStatus.UNAUTHORIZED && !Htmx.isRequest(ctx)
                && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) && acceptsHtml(ctx)) {
            // A page: the browser goes to the sign-in form, and comes back here after it.
            String here = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
            ctx.redirect("/?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        Optional<Refusal.FormPlace> form = formOf(ctx, refusal);
        if (Htmx.isRequest(ctx)) {
            if (form.isPresent()) {
                roomPages.respondForm(ctx, refusal.status(),
                        roomPages.form(form.get().room(), form.get().text(), refusal.getMessage(), form.get().key()));
            } else {
                plainText(ctx, refusal);
            }
            return;
        }
        Viewer viewer = viewerOf(ctx);
        if (form.isPresent() && viewer != null && roomPageShown(ctx, refusal, viewer, form.get())) {
            return;
        }
        if (acceptsHtml(ctx)) {
            Frame frame = viewer == null ? Frame.signedOut(refusal.title() + " · Parley")
                    : new Frame(refusal.title() + " · Parley", viewer, sidebars.of(viewer, null));
            templates.respond(ctx, refusal.status(), "problem.jte",
                    new Problem(frame, refusal.status().getCode(), refusal.title(), refusal.getMessage()));
        } else {
            plainText(ctx, refusal);
        }
    }

    /**
     * A refusal written on Jetty's core API, where no page can be rendered: an event stream's (an
     * EventSource shows nothing, but a person trying the URL reads why) and Jetty's own, of a request it
     * could not read. Plain text, with the headers every Parley response carries.
     */
    void write(Response response, Callback callback, Refusal refusal) {
        logCause(refusal);
        SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        if (refusal.retryAfter() != null) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(Refusal.retryAfterSeconds(refusal.retryAfter())));
        }
        response.setStatus(refusal.status().getCode());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, refusal.getMessage() + "\n", callback);
    }

    /**
     * Where the reason goes: the form the refusal names, or for a refusal made before routing (another
     * site, too large, not a UTF-8 form) of an htmx post to a room's messages, that room's form, empty,
     * since what arrived is not what was typed (and with a new key). Only a room that can exist has a form.
     */
    private static Optional<Refusal.FormPlace> formOf(Context ctx, Refusal refusal) {
        if (refusal.status() == HttpStatus.NOT_FOUND) {
            return Optional.empty(); // a room the viewer may not read: the one 404, never a form of it
        }
        Refusal.FormPlace place = refusal.form();
        if (place == null) {
            Matcher post = MESSAGES.matcher(ctx.path());
            if (!Htmx.isRequest(ctx) || ctx.method() != HandlerType.POST || !post.matches()) {
                return Optional.empty();
            }
            place = afterTheGate(refusal)
                    // Refused before its route ran, but read: the form keeps what was typed. Signed out, it gets a
                    // new key (a new session is a new scope); the database away, the same key.
                    ? new Refusal.FormPlace(post.group(1), textOf(ctx),
                            refusal.status() == HttpStatus.UNAUTHORIZED ? null : ctx.formParam("idempotency_key"))
                    : new Refusal.FormPlace(post.group(1), "", null);
        }
        try {
            Rules.roomName(place.room());
            return Optional.of(place);
        } catch (NoSuchRoom e) {
            return Optional.empty();
        }
    }

    /** Refused by the session or the database, not by the gate: the form was read and is what was typed. */
    private static boolean afterTheGate(Refusal refusal) {
        return refusal.status() == HttpStatus.UNAUTHORIZED || refusal.status() == HttpStatus.SERVICE_UNAVAILABLE;
    }

    private static String textOf(Context ctx) {
        String text = ctx.formParam("text");
        return text == null ? "" : text;
    }

    /**
     * The room's page with the refused form in it, unless the room cannot be read either (its database is
     * away): then false, and the refusal is shown on its own.
     */
    private boolean roomPageShown(Context ctx, Refusal refusal, Viewer viewer, Refusal.FormPlace form) {
        try {
            roomPages.respond(ctx, refusal.status(), viewer,
                    roomPages.form(form.room(), form.text(), refusal.getMessage(), form.key()));
            return true;
        } catch (StoreUnavailable | NoSuchRoom e) {
            return false;
        }
    }

    /** Who is signed in, unless that cannot be told (the database is away, the very thing being refused). */
    private Viewer viewerOf(Context ctx) {
        try {
            return cookies.viewer(ctx).orElse(null);
        } catch (StoreUnavailable e) {
            return null;
        }
    }

    private static void plainText(Context ctx, Refusal refusal) {
        ctx.contentType("text/plain; charset=utf-8").result(refusal.getMessage() + "\n");
    }

    private static boolean acceptsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept == null || accept.contains("text/html") || accept.contains("*/*");
    }

    /**
     * The operator needs to know why the database failed; one line is enough, the cause is in the message. A
     * failed write the store has told already (once, not per post) is not told again.
     */
    private static void logCause(Refusal refusal) {
        Throwable cause = refusal.getCause();
        if (cause != null && !(cause instanceof StoreUnavailable store && store.logged())) {
            log.warn("{}", cause.getMessage());
        }
    }
}
