package parley.web;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import parley.chat.Allowance;
import parley.web.Limits.Rate;

/**
 * How often one kind of action (posting, opening a stream, creating a room) may happen: a token bucket per
 * session and one per client address (Bucket4j), both of which must allow it. The address bucket catches
 * someone who signs in again and again to get fresh sessions; the session bucket keeps one person from
 * using up a shared address's allowance.
 *
 * <p>Buckets live in a bounded Caffeine cache and expire once unused for a whole period, when they would be
 * full again anyway, so a flood of addresses costs bounded memory and a quiet server holds none.
 */
final class Throttle {
    private static final long MAX_TRACKED = 100_000;

    private final LoadingCache<String, Bucket> perSession;
    private final LoadingCache<String, Bucket> perAddress;
    private final String action;
    private final WebMetrics metrics;

    private Throttle(LoadingCache<String, Bucket> perSession, LoadingCache<String, Bucket> perAddress, String action,
                     WebMetrics metrics) {
        this.perSession = perSession;
        this.perAddress = perAddress;
        this.action = action;
        this.metrics = metrics;
    }

    /**
     * @param action  what is limited, as the settings name it: "posts" for --posts-per-session and
     *                --posts-per-address; each refusal is counted against the setting that refused it
     */
    static Throttle of(String action, Rate perSession, Rate perAddress, WebMetrics metrics) {
        return new Throttle(buckets(perSession), buckets(perAddress), action, metrics);
    }

    /** Allows everything: {@code --limits off}. */
    static Throttle unlimited() {
        return new Throttle(null, null, null, null);
    }

    /** False under {@code --limits off}. */
    boolean enforced() {
        return perSession != null;
    }

    /** Empty when the action may go ahead (and is counted); otherwise how long to wait before it would be allowed. */
    Optional<Duration> acquire(String session, String address) {
        if (perSession == null) {
            return Optional.empty();
        }
        Bucket mine = perSession.get(session);
        ConsumptionProbe probe = mine.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            counted("-per-session");
            return Optional.of(waitFor(probe));
        }
        ConsumptionProbe shared = perAddress.get(network(address)).tryConsumeAndReturnRemaining(1);
        if (!shared.isConsumed()) {
            mine.addTokens(1); // refused all the same: the person's own allowance is not spent
            counted("-per-address");
            return Optional.of(waitFor(shared));
        }
        return Optional.empty();
    }

    /** What one person at one address may still do, as the chat layer asks it (new rooms). */
    Allowance allowance(String session, String address) {
        if (!enforced()) {
            return Allowance.UNLIMITED;
        }
        return new Allowance() {
            @Override
            public boolean counts() {
                return true;
            }

            @Override
            public Optional<Duration> take() {
                return acquire(session, address);
            }
        };
    }

    /**
     * The unit an address limit counts: an IPv4 address, or an IPv6 address's /64, which is what one home or
     * one machine is given; counting single IPv6 addresses would let one client pick a fresh one per request.
     */
    static String network(String address) {
        if (!address.contains(":")) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: no name lookup
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private void counted(String scope) {
        metrics.refused(action + scope);
    }

    private static Duration waitFor(ConsumptionProbe probe) {
        return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
    }

    private static LoadingCache<String, Bucket> buckets(Rate rate) {
        return Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterAccess(rate.period())
                .build(key -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(rate.count()).refillGreedy(rate.count(), rate.period()))
                        .build());
    }
}
