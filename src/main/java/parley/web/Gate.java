package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * What every request to Javalin's routes must pass before its route runs: not sent from another site, not
 * too large, and, for a form, real UTF-8. Each failure is a {@link Refusal} the person can act on.
 */
final class Gate {
    private final long maxBodyBytes;

    Gate(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void check(Context ctx) {
        if (CrossSiteGuard.isCrossSite(ctx)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "Refused: sent from another site",
                    "Parley only accepts forms sent from its own pages, and this one came from another site. "
                            + "Open Parley itself and try again from there.");
        }
        // Refused on the declared length, before reading a byte of it; a body without one (chunked) is cut
        // off at the same size while it is read (Javalin's maxRequestSize).
        if (ctx.contentLength() > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        if (ctx.isFormUrlencoded() && !FormEncoding.isWellFormed(ctx.bodyAsBytes())) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "Not readable as text",
                    "The form arrived with bytes that are not UTF-8 text, so Parley cannot know what was typed. "
                            + "Nothing was saved. Send it again from Parley's page.");
        }
    }

    static Refusal tooLarge(long maxBodyBytes) {
        return new Refusal(HttpStatus.CONTENT_TOO_LARGE, "Too large",
                "That request is larger than the " + (maxBodyBytes / 1024) + " KB Parley accepts. Nothing was saved. "
                        + "A message is at most a few thousand characters.");
    }
}
