package parley.web;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers on every response. The page runs only scripts served by Parley itself: htmx is configured
 * (in layout.jte) to need neither eval nor inline styles, so the policy can forbid both.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'");

    private SecurityHeaders() {}

    /** Name → value, in the order they are sent. */
    static final Map<String, String> HEADERS = headers();

    static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        return Collections.unmodifiableMap(headers);
    }
}
