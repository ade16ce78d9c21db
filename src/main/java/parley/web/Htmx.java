package parley.web;

import io.javalin.http.Context;

/** What htmx tells the server about a request it sent. */
final class Htmx {
    private Htmx() {}

    /** Sent by htmx (the page swaps in what comes back), not by the browser on its own. */
    static boolean isRequest(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }
}
