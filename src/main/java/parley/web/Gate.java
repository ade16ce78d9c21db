package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Set;

/**
 * What every request to Javalin's routes must pass before its route runs: not sent from another site, not
 * too large, and a body only as a url-encoded form in real UTF-8. Each failure is a {@link Refusal} the
 * person can act on.
 */
final class Gate {
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final long maxBodyBytes;

    Gate(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void check(Context ctx) {
        boolean changesState = !SAFE.contains(ctx.method());
        if (changesState && CrossSiteGuard.isCrossSite(ctx)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "Refused: sent from another site",
                    "Parley only accepts forms sent from its own pages, and this one came from another site. "
                            + "Open Parley itself and try again from there.");
        }
        // Refused on the declared length, before reading a byte of it; a body without one (chunked) is cut
        // off at the same size while it is read (WholeBodies).
        long length = ctx.req().getContentLengthLong();
        if (length > maxBodyBytes || ctx.attribute(WholeBodies.TOO_LARGE) != null) {
            throw tooLarge(maxBodyBytes);
        }
        boolean hasBody = length > 0 || length < 0 && ctx.header("Transfer-Encoding") != null;
        String type = ctx.header("Content-Type");
        if (type != null && !namesNoCharsetButUtf8(type)) {
            // Javalin decodes even a query string by the charset a Content-Type names, so any request is refused.
            throw notAForm(type);
        }
        // A type is checked even on an empty body: the route's form reading would go by it.
        if (changesState && (hasBody || type != null)) {
            requireUtf8Form(ctx, hasBody);
        }
    }

    /**
     * Whether a Content-Type is the one Parley's pages send: a url-encoded form, in UTF-8 if it names a
     * charset at all. Any parameter other than the charset is ignored.
     */
    static boolean isUtf8Form(String contentType) {
        return contentType != null && namesNoCharsetButUtf8(contentType)
                && contentType.split(";", -1)[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /**
     * Whether every mention of a charset in a Content-Type is exactly {@code charset=utf-8} (quoted or not,
     * in any case). Looser than any parser on purpose: what Javalin would take for a charset, however
     * malformed ({@code charset=UTF,8}, {@code charset} alone, a non-breaking space before it), is refused
     * here rather than thrown there.
     */
    private static boolean namesNoCharsetButUtf8(String contentType) {
        for (String part : contentType.split(";", -1)) {
            String parameter = part.strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.contains("charset") && !parameter.equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parley's own pages only ever send url-encoded UTF-8 forms. Anything else is refused before it is read:
     * a multipart body would otherwise be spooled to disk, and a body in another charset, or guessed to be a
     * form, would be decoded into something its author never typed. By the time a form gets here its body
     * has arrived in full ({@link WholeBodies}), so reading it does not wait.
     */
    private static void requireUtf8Form(Context ctx, boolean hasBody) {
        String type = ctx.header("Content-Type");
        if (!isUtf8Form(type)) {
            throw notAForm(type);
        }
        if (hasBody && !FormEncoding.isWellFormed(body(ctx))) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "Not readable as text",
                    "The form arrived with bytes that are not UTF-8 text, so Parley cannot know what was typed. "
                            + "Nothing was saved. Send it again from Parley's page.");
        }
    }

    /**
     * The body, which is here already ({@link WholeBodies}). Should it not be after all (the client went away
     * half-way), that is the client's mistake, a 400, not a server error.
     */
    private static byte[] body(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (Exception e) { // Jetty's EofException, thrown through Javalin's Kotlin unchecked
            throw new Refusal(HttpStatus.BAD_REQUEST, "Bad request",
                    "The request ended before its body was complete. Nothing was saved. Send it again.");
        }
    }

    private static Refusal notAForm(String type) {
        return new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a form Parley can read",
                "Parley accepts forms as application/x-www-form-urlencoded in UTF-8, the way its own pages send "
                        + "them, not " + (type == null ? "a body without a Content-Type" : type) + ". Nothing was saved.");
    }

    static Refusal tooLarge(long maxBodyBytes) {
        return new Refusal(HttpStatus.CONTENT_TOO_LARGE, "Too large",
                "That request is larger than the " + (maxBodyBytes / 1024) + " KB Parley accepts. Nothing was saved. "
                        + "A message is at most a few thousand characters.");
    }
}
