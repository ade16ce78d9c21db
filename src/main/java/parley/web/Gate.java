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
        // off at the same size while it is read (Javalin's maxRequestSize).
        long length = ctx.req().getContentLengthLong();
        if (length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        boolean hasBody = length > 0 || length < 0 && ctx.header("Transfer-Encoding") != null;
        if (changesState && hasBody) {
            requireUtf8Form(ctx);
        }
    }

    /**
     * Parley's own pages only ever send url-encoded UTF-8 forms. Anything else is refused before it is read:
     * a multipart body would otherwise be spooled to disk, and a body in another charset, or guessed to be a
     * form, would be decoded into something its author never typed.
     */
    private static void requireUtf8Form(Context ctx) {
        String type = ctx.header("Content-Type");
        String[] parts = type == null ? new String[] {""} : type.split(";");
        boolean form = parts[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded");
        boolean utf8 = true;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            utf8 &= !parameter.startsWith("charset") || parameter.equals("charset=utf-8");
        }
        if (!form || !utf8) {
            throw new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a form Parley can read",
                    "Parley accepts forms as application/x-www-form-urlencoded in UTF-8, the way its own pages send "
                            + "them, not " + (type == null ? "a body without a Content-Type" : type)
                            + ". Nothing was saved.");
        }
        if (!FormEncoding.isWellFormed(ctx.bodyAsBytes())) {
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
