package parley.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless sessions: the cookie carries the session itself, signed with HMAC-SHA256, so any node
 * holding the key can verify it and no node keeps session state.
 * Cookie value: base64url("id|issuedAtSeconds|name") "." base64url(hmac).
 */
public final class Sessions {
    static final String COOKIE = "parley_session";
    private static final Duration MAX_AGE = Duration.ofDays(30);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final boolean alwaysSecure;
    private final SecureRandom random = new SecureRandom();

    /** @param alwaysSecure mark the cookie Secure on every response: browsers reach Parley over HTTPS only */
    public Sessions(String hexKey, Clock clock, boolean alwaysSecure) {
        this.key = new SecretKeySpec(HexFormat.of().parseHex(hexKey), "HmacSHA256");
        this.clock = clock;
        this.alwaysSecure = alwaysSecure;
    }

    public Optional<Session> read(Context ctx) {
        return read(ctx.cookie(COOKIE));
    }

    /**
     * The session of a request on Jetty's core API (an event stream). The cookie is read from the Cookie
     * header directly: Jetty's Request.getCookies would cache every cookie in a map on the request, which
     * an open stream would keep for its whole life. Both the browsers' form ({@code a=1; b=2}) and the
     * older quoted one ({@code $Version="1", b="2"}, which Java's own HTTP client sends) are understood.
     */
    Optional<Session> read(Request request) {
        String prefix = COOKIE + "=";
        for (String header : request.getHeaders().getValuesList(HttpHeader.COOKIE)) {
            for (String pair : header.split("[;,]")) {
                String cookie = pair.strip();
                if (cookie.startsWith(prefix)) {
                    String value = cookie.substring(prefix.length());
                    // base64url, so a quoted value never has to be unescaped, only unquoted
                    return read(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value);
                }
            }
        }
        return Optional.empty();
    }

    /** The session a {@value #COOKIE} cookie value carries, if its signature holds and it has not expired. */
    private Optional<Session> read(String cookieValue) {
        return cookieValue == null ? Optional.empty() : verify(cookieValue);
    }

    public void start(Context ctx, String name) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String payload = B64.encodeToString(id) + "|" + clock.instant().getEpochSecond() + "|" + name;
        String value = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(sign(payload));
        setCookie(ctx, value, MAX_AGE.toSeconds());
    }

    public void end(Context ctx) {
        setCookie(ctx, "", 0);
    }

    private Optional<Session> verify(String cookie) {
        int dot = cookie.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(B64_DECODE.decode(cookie.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = B64_DECODE.decode(cookie.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(payload))) {
                return Optional.empty();
            }
            String[] parts = payload.split("\\|", 3);
            long issuedAt = Long.parseLong(parts[1]);
            if (clock.instant().getEpochSecond() - issuedAt > MAX_AGE.toSeconds()) {
                return Optional.empty();
            }
            return Optional.of(new Session(parts[0], parts[2]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty(); // not base64, not our format: treat as signed out
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private void setCookie(Context ctx, String value, long maxAgeSeconds) {
        // Secure when told so, or when this request came over TLS (directly, or through a proxy Parley trusts
        // to say so: --trust-forwarded). Not by default: on plain http://localhost the browser would drop it.
        boolean secure = alwaysSecure || ctx.req().isSecure();
        // Written by hand: the Servlet cookie API has no SameSite.
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }
}
