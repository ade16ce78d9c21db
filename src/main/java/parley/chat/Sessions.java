package parley.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import parley.live.Bus;
import parley.store.Account;
import parley.store.SessionStore;
import parley.store.StoreUnavailable;

/**
 * Signed-in browsers. A session is a database row named by a random token; the browser keeps the token
 * (in a cookie), the database only its SHA-256, so neither a copy of the database nor a log line signs
 * anyone in. Ending a session deletes its row and tells every node's streams through the bus.
 *
 * <p>A session just looked up is remembered for {@link #REMEMBERED}, so someone posting several messages a
 * second costs one lookup, not one per post. Ending a session forgets it at once on this node, and on the
 * others as the bus tells them ({@link #forget}); were that word lost, a node still forgets it within
 * {@link #REMEMBERED}.
 */
public final class Sessions {
    /** A session nobody used for this long is over. */
    public static final Duration IDLE_LIMIT = Duration.ofDays(30);
    /** "Last seen" is written at most this often per session, not on every request. */
    private static final Duration SEEN_EVERY = Duration.ofMinutes(1);
    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int USER_AGENT_MAX = 200;
    /** How long a session just looked up is taken as still valid without asking the database again. */
    public static final Duration REMEMBERED = Duration.ofSeconds(1);

    private final SessionStore store;
    private final Bus bus;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Token hash → who it signs in, for {@link #REMEMBERED}; bounded, so a flood of sessions costs bounded memory. */
    private final Cache<String, Viewer> recent = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(REMEMBERED).build();

    public Sessions(SessionStore store, Bus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    /** Starts a session for the account, in the browser described by {@code userAgent}. */
    public SignedIn start(Account account, String userAgent) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = store.start(account.id(), hash(token), describe(userAgent), clock.instant());
        return new SignedIn(token, new Viewer(id, account));
    }

    /**
     * Who a session token signs in: empty for a token that is malformed, unknown (forged, from another
     * deployment, ended), idle too long, or of a deactivated account.
     */
    public Optional<Viewer> find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        String hash = hash(token);
        Viewer remembered = recent.getIfPresent(hash);
        if (remembered != null) {
            return Optional.of(remembered);
        }
        Instant now = clock.instant();
        Optional<Viewer> viewer = store.find(hash, now.minus(IDLE_LIMIT)).map(found -> {
            if (found.lastSeenAt().isBefore(now.minus(SEEN_EVERY))) {
                try {
                    store.seen(found.sessionId(), now);
                } catch (StoreUnavailable e) {
                    // Only a note for /account: a database that takes no writes just now must not sign anyone out.
                }
            }
            return new Viewer(found.sessionId(), found.account());
        });
        viewer.ifPresent(v -> recent.put(hash, v));
        return viewer;
    }

    public List<SessionStore.Listed> of(Viewer viewer) {
        return store.of(viewer.accountId());
    }

    /** Ends one of the viewer's own sessions (this one: signing out); false when it is not theirs or gone. */
    public boolean end(Viewer viewer, long sessionId) {
        boolean ended = store.end(sessionId, viewer.accountId());
        if (ended) {
            forget(Set.of(sessionId));
            bus.sessionsEnded(Set.of(sessionId));
        }
        return ended;
    }

    /** Ends every session of the viewer's but the one they are using; returns how many. */
    public int endOthers(Viewer viewer) {
        return ended(store.endOthers(viewer.accountId(), viewer.sessionId()));
    }

    /** Ends every session of the account (deactivated); returns how many. */
    public int endAll(long accountId) {
        return ended(store.endAll(accountId));
    }

    /** Forgets sessions idle longer than {@link #IDLE_LIMIT} (already refused); returns how many. */
    public int forgetIdle() {
        return store.forgetIdle(clock.instant().minus(IDLE_LIMIT));
    }

    private int ended(List<Long> ids) {
        if (!ids.isEmpty()) {
            Set<Long> ended = new HashSet<>(ids);
            forget(ended);
            bus.sessionsEnded(ended);
        }
        return ids.size();
    }

    /** These sessions ended (here, or on another node, as the bus says): none is remembered from now on. */
    public void forget(Set<Long> sessionIds) {
        recent.asMap().values().removeIf(viewer -> sessionIds.contains(viewer.sessionId()));
    }

    /** The browser, as /account lists it: its User-Agent, without control characters, cut to a sane length. */
    private static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown browser";
        }
        String clean = userAgent.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return clean.length() <= USER_AGENT_MAX ? clean : clean.substring(0, USER_AGENT_MAX) + "…";
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(sha256().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Every request hashes its cookie: a copy of one digest, instead of a provider lookup (10 µs) each time. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e); // SHA-256 is part of every JDK
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The JDK's SHA-256 can be copied", e);
        }
    }
}
