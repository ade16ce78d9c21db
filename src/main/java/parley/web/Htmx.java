package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** What htmx tells the server about a request it sent. */
final class Htmx {
    private static final String NOTHING = "parley.htmx-nothing";

    private Htmx() {}

    /**
     * Answers with nothing to swap in, so the element the request targets goes (a message that is gone). Marked,
     * so the error pages leave this empty 404 alone instead of calling it a missing page.
     */
    static void nothing(Context ctx, HttpStatus status) {
        ctx.attribute(NOTHING, Boolean.TRUE);
        ctx.status(status).contentType("text/html; charset=utf-8").result("");
    }

    /** Whether {@link #nothing} answered the request. */
    static boolean answeredNothing(Context ctx) {
        return ctx.attribute(NOTHING) != null;
    }

    /** Sent by htmx (the page swaps in what comes back), not by the browser on its own. */
    static boolean isRequest(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }
}
