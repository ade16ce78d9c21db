package parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords, hashed with Argon2id and stored in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so another Argon2 library can read them and a
 * stored hash carries the cost it was made with.
 *
 * <p>Each hash takes {@code memoryKib} of memory and tens of milliseconds of a core, so at most
 * {@code maxConcurrentHashes} run at once; beyond that a caller waits at most {@code maxWait} and then
 * gets {@link HashingBusy}; and when {@value #QUEUED_PER_HASH} callers per hash are waiting already, a new
 * one gets it at once. A flood of sign-ins therefore holds at most {@code maxConcurrentHashes × memoryKib}
 * for hashing (the largest m among the stored hashes, if an older cost was dearer), nobody waits longer than
 * {@code maxWait}, and it ties up at most {@code maxConcurrentHashes × (1 + QUEUED_PER_HASH)} of the
 * server's request threads, which pages and posts need too.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 256;

    private static final int SALT_BYTES = 16;
    /** How many callers may wait for each hash that runs: enough to smooth a burst of honest sign-ins. */
    static final int QUEUED_PER_HASH = 4;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder(); // padding is optional to it
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$(m=\\d{1,10},t=\\d{1,10},p=\\d{1,10})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");

    /** The work one Argon2id hash does; written like the PHC string's parameters, {@code m=19456,t=2,p=1}. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        /**
         * About 0.1 s of one core and 46 MiB per hash (PasswordCostBench on the 2-core build machine: median
         * 90–100 ms, p95 115 ms). OWASP's m=19456,t=2 took 33 ms there; more memory rather than more passes,
         * because memory is what makes a guess dear on an attacker's GPU.
         */
        public static final Cost DEFAULT = new Cost(47104, 2, 1);
        /** The cheapest Argon2 allows (8 KiB per lane, one pass): for tests only. */
        public static final Cost FAST = new Cost(8, 1, 1);

        // Bounds that keep a mistyped flag or a damaged stored hash from asking for gigabytes or minutes
        static final int MAX_MEMORY_KIB = 1 << 20; // 1 GiB
        static final int MAX_ITERATIONS = 100;
        static final int MAX_PARALLELISM = 64;

        private static final Pattern SPELLING = Pattern.compile("m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})");

        public Cost {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("Argon2 parallelism p must be 1–" + MAX_PARALLELISM + ", not " + parallelism);
            }
            if (memoryKib < 8L * parallelism || memoryKib > MAX_MEMORY_KIB) {
                throw new IllegalArgumentException("Argon2 memory m must be " + 8 * parallelism + "–" + MAX_MEMORY_KIB
                        + " KiB (at least 8 × p), not " + memoryKib);
            }
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("Argon2 iterations t must be 1–" + MAX_ITERATIONS + ", not " + iterations);
            }
        }

        /** Reads {@code m=19456,t=2,p=1}: memory in KiB, iterations, parallelism, in that order. */
        public static Cost parse(String spelling) {
            Matcher m = SPELLING.matcher(spelling == null ? "" : spelling.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("An Argon2 cost is written m=<memory KiB>,t=<iterations>,p=<parallelism>,"
                        + " e.g. m=19456,t=2,p=1; got \"" + spelling + "\"");
            }
            try {
                return new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (NumberFormatException tooBig) {
                throw new IllegalArgumentException("An Argon2 cost's numbers are too large: \"" + spelling + "\"");
            }
        }

        @Override
        public String toString() {
            return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
        }
    }

    /** The Argon2id computation itself; the tests put in one that counts or blocks. */
    interface Argon2id {
        byte[] hash(byte[] password, byte[] salt, Cost cost, int length);
    }

    private static final Argon2id BOUNCY_CASTLE = (password, salt, cost, length) -> {
        Argon2BytesGenerator generator = new Argon2BytesGenerator(); // one per hash: it holds that hash's memory
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    };

    private final Cost cost;
    private final Semaphore permits;
    private final int queueLimit;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final Argon2id argon2id;
    private final SecureRandom random = new SecureRandom();
    /** What {@link #verifyNobody} checks against: a well-formed hash of the current cost that no password matches. */
    private final String nobody;

    public Passwords(Cost cost, int maxConcurrentHashes, Duration maxWait) {
        this(cost, maxConcurrentHashes, maxWait, BOUNCY_CASTLE);
    }

    Passwords(Cost cost, int maxConcurrentHashes, Duration maxWait, Argon2id argon2id) {
        if (maxConcurrentHashes < 1) {
            throw new IllegalArgumentException("At least one password hash must be allowed at a time, not " + maxConcurrentHashes);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("The longest wait for hashing can't be negative: " + maxWait);
        }
        this.cost = cost;
        this.permits = new Semaphore(maxConcurrentHashes, true); // fair: first come, first hashed
        this.queueLimit = maxConcurrentHashes * QUEUED_PER_HASH;
        this.maxWait = maxWait;
        // Whole seconds, as a Retry-After header counts them; by then the queue has moved on at least once
        this.retryAfter = Duration.ofSeconds(Math.max(1, maxWait.plusMillis(999).toSeconds()));
        this.argon2id = argon2id;
        // Random bytes stand in for the hash: verifying against them costs exactly a failed verify,
        // without spending a hash at start-up
        this.nobody = encode(cost, randomBytes(SALT_BYTES), randomBytes(HASH_BYTES));
    }

    /** A new password as it is chosen: 10–256 characters, anything else allowed, kept exactly as typed. */
    public static String checkNew(String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length == 0) {
            throw new InvalidInput("Choose a password: 10–256 characters.");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new InvalidInput("That password is " + length + " characters long; a password is 10–256 characters,"
                    + " any characters you like.");
        }
        return password;
    }

    /** Hashes with this instance's cost and a fresh random salt; may throw {@link HashingBusy}. */
    public String hash(String password) {
        byte[] salt = randomBytes(SALT_BYTES);
        return encode(cost, salt, compute(password, salt, cost, HASH_BYTES));
    }

    /**
     * Whether the password is the one hashed, with the cost stored in the hash (so hashes made before a
     * change of cost still verify). A password longer than any that could have been chosen is false at
     * once, without hashing it. May throw {@link HashingBusy}; throws IllegalArgumentException for a
     * stored hash that is not an Argon2id PHC string.
     */
    public boolean verify(String password, String encodedHash) {
        Stored stored = decode(encodedHash);
        if (!couldBeChosen(password)) {
            return false;
        }
        byte[] actual = compute(password, stored.salt, stored.cost, stored.hash.length);
        return MessageDigest.isEqual(actual, stored.hash); // constant time
    }

    /** For a name that has no account: spends what a failed {@link #verify} does, so timing doesn't tell. */
    public void verifyNobody(String password) {
        verify(password, nobody);
    }

    public Cost cost() {
        return cost;
    }

    /** At most 256 code points; a 1 MB string is refused before it is counted, let alone hashed. */
    private static boolean couldBeChosen(String password) {
        return password != null && password.length() <= 2 * MAX_LENGTH
                && password.codePointCount(0, password.length()) <= MAX_LENGTH;
    }

    /** How many callers are waiting for a turn to hash (an estimate): for the tests. */
    int waiting() {
        return permits.getQueueLength();
    }

    private byte[] compute(String password, byte[] salt, Cost cost, int length) {
        // An estimate, which is enough: it bounds the threads waiting here, not to the one.
        if (permits.availablePermits() == 0 && permits.getQueueLength() >= queueLimit) {
            throw new HashingBusy(retryAfter);
        }
        try {
            if (!permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new HashingBusy(retryAfter);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping; answer busy rather than hash
            throw new HashingBusy(retryAfter);
        }
        try {
            return argon2id.hash(password.getBytes(StandardCharsets.UTF_8), salt, cost, length);
        } finally {
            permits.release();
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encode(Cost cost, byte[] salt, byte[] hash) {
        return "$argon2id$v=19$" + cost + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    private record Stored(Cost cost, byte[] salt, byte[] hash) {}

    private static Stored decode(String encoded) {
        Matcher m = PHC.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) {
            // never the hash itself in the message: it may end up in a log
            throw new IllegalArgumentException("A stored password hash is not an Argon2id (v=19) PHC string");
        }
        try {
            return new Stored(Cost.parse(m.group(1)), B64_DECODE.decode(m.group(2)), B64_DECODE.decode(m.group(3)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A stored password hash has an unusable cost or encoding: " + e.getMessage());
        }
    }
}
