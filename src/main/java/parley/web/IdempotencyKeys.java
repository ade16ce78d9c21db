package parley.web;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import parley.chat.InvalidKey;

/**
 * A post's idempotency key as HTTP carries it, and fresh ones for the message form.
 *
 * <p>Two places, one key: the {@value #HEADER} header, for clients that can set headers (the IETF draft's
 * field, as a structured string {@code "…"} or bare), and the form field {@value #FIELD}, because a page's
 * form cannot set a header and must also work without JavaScript. When a request carries both, the header
 * wins: it is set deliberately for this one request, while a form field may be left over from a page, and it
 * is the same rule as the event stream's {@code Last-Event-ID} over {@code after}.
 */
final class IdempotencyKeys {
    static final String HEADER = "Idempotency-Key";
    static final String FIELD = "idempotency_key";
    /** Sent on an answer that repeats an earlier one: nothing new was stored. */
    static final String REPLAYED = "Idempotent-Replayed";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private IdempotencyKeys() {}

    /**
     * The request's key, if it has one; its form is not checked here ({@link parley.chat.IdempotencyKey} does).
     *
     * @throws InvalidKey when there are several: Parley would have to guess which one the client meant
     */
    static Optional<String> of(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders(HEADER));
        if (!headers.isEmpty()) {
            return Optional.of(unquoted(single(headers)));
        }
        List<String> fields = ctx.formParams(FIELD);
        return fields.isEmpty() ? Optional.empty() : Optional.of(single(fields));
    }

    /** True when the key comes from the header (it wins), false when from the form or there is none. */
    static boolean inHeader(Context ctx) {
        return ctx.req().getHeader(HEADER) != null;
    }

    /** A new key for a message form: 128 random bits, as 22 URL-safe characters. */
    static String fresh() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static String single(List<String> values) {
        if (values.size() > 1) {
            throw new InvalidKey("Send one idempotency key with a post, not " + values.size() + ".");
        }
        return values.getFirst();
    }

    /** The draft writes the key as a structured-field string, {@code "…"}; many clients send it bare. */
    private static String unquoted(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
