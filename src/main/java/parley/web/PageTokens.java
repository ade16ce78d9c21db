package parley.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The random token that names one room page's stream: the page's stream URL carries it ({@code ?page=}), and
 * the page names it again as it goes away ({@link PageLeaving}), so exactly that page's stream ends, not the
 * person's other tabs. It is no secret beyond that: it only ever ends a stream of the session that sends it.
 */
final class PageTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private PageTokens() {}

    /** A new page's token: 128 random bits, 22 URL-safe characters. */
    static String fresh() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** Whether {@code token} could be one: 16–64 URL-safe characters (the ones made here are 22). */
    static boolean isWellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }
}
