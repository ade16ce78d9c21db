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
 * How often one kind of action may happen per key: per person (posting, opening a stream, creating a
 * room, keyed by account), or, for what a client does before it has an account, per name or per client
 * address (signing in, signing up). A token bucket per key (Bucket4j).
 *
 * <p>Buckets live in a bounded Caffeine cache and expire once unused for a whole period, when they would be
 * full again anyway, so a flood of keys costs bounded memory and a quiet server holds none.
 */
final class Throttle {
    private static final long MAX_TRACKED = 100_000;

    private final LoadingCache<String, Bucket> buckets;
    private final String limit;
    private final WebMetrics metrics;

    private Throttle(LoadingCache<String, Bucket> buckets, String limit, WebMetrics metrics) {
        this.buckets = buckets;
        this.limit = limit;
        this.metrics = metrics;
    }

    /** @param limit the setting's name without its dashes' prefix, e.g. "posts-per-person"; refusals are counted under it */
    static Throttle of(String limit, Rate rate, WebMetrics metrics) {
        return new Throttle(Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterAccess(rate.period())
                .build(key -> Bucket.builder()
                        .addLimit(bandwidth -> bandwidth.capacity(rate.count()).refillGreedy(rate.count(), rate.period()))
                        .build()), limit, metrics);
    }

    /** Allows everything: {@code --limits off}. */
    static Throttle unlimited() {
        return new Throttle(null, null, null);
    }

    /** Empty when the action may go ahead (and is counted); otherwise how long to wait before it would be allowed. */
    Optional<Duration> acquire(String key) {
        if (buckets == null) {
            return Optional.empty();
        }
        ConsumptionProbe probe = buckets.get(key).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        metrics.refused(limit);
        return Optional.of(Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
    }

    /**
     * Gives back what {@link #acquire} took, for an attempt that turned out not to count: a sign-in that
     * succeeded (only failures count), or one the server could not try just then (busy hashing).
     */
    void refund(String key) {
        if (buckets != null) {
            buckets.get(key).addTokens(1);
        }
    }

    /** What one person may still do, as the chat layer asks it (new rooms). */
    Allowance allowance(String key) {
        if (buckets == null) {
            return Allowance.UNLIMITED;
        }
        return new Allowance() {
            @Override
            public boolean counts() {
                return true;
            }

            @Override
            public Optional<Duration> take() {
                return acquire(key);
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
}
