package parley;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import parley.chat.Passwords;
import parley.chat.Rules;
import parley.web.Limits;
import parley.web.Limits.Rate;

/**
 * Parley's settings, from environment variables and their command-line twins (a flag wins over its
 * variable). {@link #usage()} is what {@code --help} prints.
 */
public record Config(
        String host,
        int port,
        Path data,
        String databaseUrl,
        boolean openSignup,
        Passwords.Cost passwordHashing,
        Duration heartbeat,
        Duration typingEvery,
        int history,
        long retryMillis,
        int queue,
        boolean dev,
        boolean secureCookie,
        boolean trustForwarded,
        Limits limits,
        int maxStreams,
        int metricsPort) {

    /** {@link #maxStreams} when {@code --max-streams auto}: the node works it out at start-up ({@link Capacity}). */
    public static final int AUTO = 0;
    /** {@link #metricsPort} when there is none: no metrics are kept or served. */
    public static final int OFF = -1;

    private static final String PASSWORD_DEFAULT = Passwords.Cost.DEFAULT.toString();

    /** One setting: its flag, its variable, its default and what it does. */
    private record Option(String flag, String env, String fallback, String help) {}

    private static final List<Option> OPTIONS = List.of(
            new Option("--host", "PARLEY_HOST", "0.0.0.0", "address to listen on"),
            new Option("--port", "PORT", "7070", "HTTP port (0 picks a free one)"),
            new Option("--data", "PARLEY_DATA", "./data/parley.db", "the SQLite file that holds the messages"),
            new Option("--database-url", "PARLEY_DATABASE_URL", "", "jdbc:postgresql://host/db?user=…&password=… to keep messages in PostgreSQL, shared by several nodes (default: the SQLite file)"),
            new Option("--open-signup", "PARLEY_OPEN_SIGNUP", "false", "anyone may sign up from the home page (default: only by the invite link an admin shares from /admin)"),
            new Option("--password-hashing", "PARLEY_PASSWORD_HASHING", PASSWORD_DEFAULT, "Argon2id cost of a password hash: memory in KiB, iterations, lanes (see docs/security.md)"),
            new Option("--heartbeat", "PARLEY_HEARTBEAT", "20s", "a stream that went away is noticed within this; pings go out twice per period (e.g. 20s, 500ms)"),
            new Option("--typing-every", "PARLEY_TYPING_EVERY", "3s", "a page says its person is typing at most this often; more is refused (429)"),
            new Option("--history", "PARLEY_HISTORY", "100", "messages shown when a room opens and replayed on connect"),
            new Option("--retry", "PARLEY_RETRY", "2s", "reconnect delay the stream suggests to browsers"),
            new Option("--queue", "PARLEY_QUEUE", "512", "events buffered per stream before a slow client is dropped"),
            new Option("--dev", "PARLEY_DEV", "false", "reload templates/ and static/ from disk on every change"),
            new Option("--secure-cookie", "PARLEY_SECURE_COOKIE", "false", "browsers reach Parley over HTTPS (a TLS proxy in front): mark the session cookie Secure"),
            new Option("--trust-forwarded", "PARLEY_TRUST_FORWARDED", "false", "take the client's address and scheme from X-Forwarded-For/-Proto; only behind a proxy that sets them"),
            new Option("--max-streams", "PARLEY_MAX_STREAMS", "auto", "event streams this node holds at most; more are refused with 503 and Retry-After (auto: what the descriptor limit and the heap allow, see docs/capacity.md)"),
            new Option("--metrics-port", "PARLEY_METRICS_PORT", "", "port that serves GET /metrics in Prometheus's text format, on --host (0 picks a free one; default: off)"),
            new Option("--max-body", "PARLEY_MAX_BODY", "64KB", "largest request body accepted (e.g. 64KB, 1MB)"),
            new Option("--max-message", "PARLEY_MAX_MESSAGE", String.valueOf(Rules.TEXT_MAX), "longest message, in characters"),
            new Option("--limits", "PARLEY_LIMITS", "on", "off lifts every rate limit and per-person cap below (load tests, benchmarks)"),
            new Option("--posts-per-person", "PARLEY_POSTS_PER_PERSON", "10/10s", "messages one person may post, on all their devices (10/10s: bursts of 10, one a second after that)"),
            new Option("--streams-per-person", "PARLEY_STREAMS_PER_PERSON", "30/1m", "event streams one person may open (page loads and reconnects)"),
            new Option("--open-streams", "PARLEY_OPEN_STREAMS", "20", "event streams one person may hold open at once (tabs, rooms, devices)"),
            new Option("--rooms-per-person", "PARLEY_ROOMS_PER_PERSON", "10/1h", "new rooms one person may create"),
            new Option("--sign-ins-per-name", "PARLEY_SIGN_INS_PER_NAME", "5/15m", "failed sign-ins allowed for one name (successes don't count)"),
            new Option("--sign-ins-per-address", "PARLEY_SIGN_INS_PER_ADDRESS", "30/15m", "failed sign-ins allowed from one client address"),
            new Option("--sign-ups-per-address", "PARLEY_SIGN_UPS_PER_ADDRESS", "20/1h", "accounts created from one client address"));

    /** Options that mean true when given without a value. */
    private static final List<String> SWITCHES = List.of("--dev", "--secure-cookie", "--trust-forwarded", "--open-signup");

    public static Config defaults() {
        return parse(new String[0], Map.of());
    }

    /** @throws IllegalArgumentException with a message for the person who typed it */
    public static Config parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option option : OPTIONS) {
            values.put(option.flag(), env.getOrDefault(option.env(), option.fallback()));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!values.containsKey(flag)) {
                throw new IllegalArgumentException("Unknown option " + flag + ". Run with --help to see the options.");
            }
            if (arg.contains("=")) {
                values.put(flag, arg.substring(arg.indexOf('=') + 1));
            } else if (SWITCHES.contains(flag)) {
                values.put(flag, "true");
            } else if (i + 1 < args.length) {
                values.put(flag, args[++i]);
            } else {
                throw new IllegalArgumentException(flag + " needs a value. Run with --help to see the options.");
            }
        }
        Config config = new Config(
                values.get("--host"),
                integer(values, "--port", 0, 65535),
                Path.of(values.get("--data")),
                values.get("--database-url"),
                bool(values, "--open-signup"),
                passwordHashing(values),
                duration(values, "--heartbeat"),
                duration(values, "--typing-every"),
                integer(values, "--history", 1, 10_000),
                duration(values, "--retry").toMillis(),
                integer(values, "--queue", 1, 1_000_000),
                bool(values, "--dev"),
                bool(values, "--secure-cookie"),
                bool(values, "--trust-forwarded"),
                limits(values),
                maxStreams(values),
                metricsPort(values));
        if (!config.databaseUrl().isBlank() && !config.databaseUrl().startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--database-url must start with jdbc:postgresql:// (for example "
                    + "jdbc:postgresql://localhost:5432/parley?user=parley&password=secret), not '" + config.databaseUrl() + "'.");
        }
        return config;
    }

    public static String usage() {
        StringBuilder out = new StringBuilder("""
                Parley — a server-rendered real-time chat.

                Usage: java -jar target/parley.jar [options]

                Every option can also be set by its environment variable; a flag wins.
                """).append('\n');
        for (Option option : OPTIONS) {
            String fallback = option.fallback().isEmpty() ? "" : " (default " + option.fallback() + ")";
            out.append(String.format("  %-22s %-27s %s%s%n", option.flag(), option.env(), option.help(), fallback));
        }
        out.append(String.format("  %-22s %-27s %s%n", "--help", "", "print this and exit"));
        return out.toString();
    }

    /** True when the messages live in a PostgreSQL that several nodes may share. */
    public boolean clustered() {
        return !databaseUrl.isBlank();
    }

    private static Limits limits(Map<String, String> values) {
        String enforced = values.get("--limits").strip().toLowerCase(Locale.ROOT);
        if (!enforced.equals("on") && !enforced.equals("off")) {
            throw new IllegalArgumentException("--limits must be on or off, not '" + enforced + "'.");
        }
        long maxBody = size(values, "--max-body");
        int maxMessage = integer(values, "--max-message", 1, 100_000);
        // A character can take 4 bytes in UTF-8 and each byte 3 once form-encoded ("%F0"): the longest message
        // must fit in a body, or the person would be told it is too large instead of too long.
        long needed = maxMessage * 12L + 1024;
        if (maxBody < needed) {
            throw new IllegalArgumentException("--max-body " + values.get("--max-body").strip() + " is too small for "
                    + "--max-message " + maxMessage + ": such a message can take up to " + (needed + 1023) / 1024
                    + "KB as a form. Raise --max-body to at least that, or lower --max-message.");
        }
        return new Limits(
                enforced.equals("on"),
                maxBody,
                maxMessage,
                rate(values, "--posts-per-person"),
                rate(values, "--streams-per-person"),
                integer(values, "--open-streams", 1, 1_000_000),
                rate(values, "--rooms-per-person"),
                rate(values, "--sign-ins-per-name"),
                rate(values, "--sign-ins-per-address"),
                rate(values, "--sign-ups-per-address"));
    }

    private static Passwords.Cost passwordHashing(Map<String, String> values) {
        try {
            return Passwords.Cost.parse(values.get("--password-hashing").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--password-hashing must look like " + PASSWORD_DEFAULT
                    + " (memory in KiB, iterations, lanes), not '" + values.get("--password-hashing").strip() + "'. "
                    + e.getMessage());
        }
    }

    /** "auto" ({@link #AUTO}) or a number of streams. */
    private static int maxStreams(Map<String, String> values) {
        if (values.get("--max-streams").strip().equalsIgnoreCase("auto")) {
            return AUTO;
        }
        try {
            return integer(values, "--max-streams", 1, 10_000_000);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " Or auto: as many as the descriptor limit and the heap allow.");
        }
    }

    /** Unset or "off" ({@link #OFF}), or a port. */
    private static int metricsPort(Map<String, String> values) {
        String value = values.get("--metrics-port").strip();
        if (value.isEmpty() || value.equalsIgnoreCase("off")) {
            return OFF;
        }
        return integer(values, "--metrics-port", 0, 65535);
    }

    private static boolean bool(Map<String, String> values, String flag) {
        String value = values.get(flag).strip().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(flag + " must be true or false, not '" + value + "'.");
        }
        return value.equals("true");
    }

    private static Rate rate(Map<String, String> values, String flag) {
        try {
            return Rate.parse(values.get(flag));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " must be a rate such as 10/10s, 30/1m or 5/1h (how many, up to a million, per 1 s to 30 days), not '"
                    + values.get(flag).strip() + "'.");
        }
    }

    /** "64KB", "1MB" or a number of bytes; at least 1 KB, so a form with a message always fits. */
    private static long size(Map<String, String> values, String flag) {
        String value = values.get(flag).strip().toUpperCase(Locale.ROOT);
        try {
            long bytes = value.endsWith("MB") ? Long.parseLong(value.substring(0, value.length() - 2).strip()) << 20
                    : value.endsWith("KB") ? Long.parseLong(value.substring(0, value.length() - 2).strip()) << 10
                    : Long.parseLong(value);
            if (bytes >= 1024 && bytes <= (1L << 30)) {
                return bytes;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a size from 1KB to 1024MB, such as 64KB or 1MB, not '" + value + "'.");
    }

    private static int integer(Map<String, String> values, String flag, int min, int max) {
        String value = values.get(flag).strip();
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ", not '" + value + "'.");
    }

    /** "20s", "500ms", "2m", or a bare number of seconds. */
    private static Duration duration(Map<String, String> values, String flag) {
        String value = values.get(flag).strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (value.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(value));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a positive duration such as 20s or 500ms, not '" + value + "'.");
    }
}
