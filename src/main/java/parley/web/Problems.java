package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.store.StoreUnavailable;
import parley.web.Pages.Problem;

/** Error pages a person can act on: what went wrong and where to go from here. */
final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final Sessions sessions;
    private final Templates templates;

    Problems(Sessions sessions, Templates templates) {
        this.sessions = sessions;
        this.templates = templates;
    }

    void render(Context ctx, HttpStatus status, String title, String message) {
        if (RoomController.isHtmx(ctx) || !acceptsHtml(ctx)) {
            ctx.status(status).contentType("text/plain; charset=utf-8").result(message + "\n");
            return;
        }
        Session viewer = sessions.read(ctx).orElse(null);
        templates.respond(ctx, status, "problem.jte", new Problem(viewer, status.getCode(), title, message));
    }

    static void logUnavailable(StoreUnavailable e) {
        // The operator needs to know; one line is enough, the cause is in the message.
        log.warn("{}", e.getMessage());
    }

    /** Retry-After's whole seconds, rounded up: never "0", which would invite an immediate retry. */
    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** "1 second", "12 seconds", "3 minutes": a wait as a person reads it. */
    static String inWords(Duration wait) {
        long seconds = retryAfterSeconds(wait);
        if (seconds < 120) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        return ((seconds + 59) / 60) + " minutes";
    }

    private static boolean acceptsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept == null || accept.contains("text/html") || accept.contains("*/*");
    }
}
