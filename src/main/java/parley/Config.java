package parley;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parley's settings, from environment variables and their command-line twins (a flag wins over its
 * variable). {@link #usage()} is what {@code --help} prints.
 */
public record Config(
        String host,
        int port,
        Path data,
        String databaseUrl,
        String secret,
        Duration heartbeat,
        int history,
        long retryMillis,
        int queue,
        boolean dev) {

    /** One setting: its flag, its variable, its default and what it does. */
    private record Option(String flag, String env, String fallback, String help) {}

    private static final List<Option> OPTIONS = List.of(
            new Option("--host", "PARLEY_HOST", "0.0.0.0", "address to listen on"),
            new Option("--port", "PORT", "7070", "HTTP port (0 picks a free one)"),
            new Option("--data", "PARLEY_DATA", "./data/parley.db", "the SQLite file that holds the messages"),
            new Option("--database-url", "PARLEY_DATABASE_URL", "", "jdbc:postgresql://host/db?user=…&password=… to keep messages in PostgreSQL, shared by several nodes (default: the SQLite file)"),
            new Option("--secret", "PARLEY_SECRET", "", "hex key that signs session cookies (default: generated once, kept in the database)"),
            new Option("--heartbeat", "PARLEY_HEARTBEAT", "20s", "a stream that went away is noticed within this; pings go out twice per period (e.g. 20s, 500ms)"),
            new Option("--history", "PARLEY_HISTORY", "100", "messages shown when a room opens and replayed on connect"),
            new Option("--retry", "PARLEY_RETRY", "2s", "reconnect delay the stream suggests to browsers"),
            new Option("--queue", "PARLEY_QUEUE", "512", "events buffered per stream before a slow client is dropped"),
            new Option("--dev", "PARLEY_DEV", "false", "reload templates/ and static/ from disk on every change"));

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
            } else if (flag.equals("--dev")) {
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
                values.get("--secret"),
                duration(values, "--heartbeat"),
                integer(values, "--history", 1, 10_000),
                duration(values, "--retry").toMillis(),
                integer(values, "--queue", 1, 1_000_000),
                Boolean.parseBoolean(values.get("--dev")));
        if (!config.databaseUrl().isBlank() && !config.databaseUrl().startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--database-url must start with jdbc:postgresql:// (for example "
                    + "jdbc:postgresql://localhost:5432/parley?user=parley&password=secret), not '" + config.databaseUrl() + "'.");
        }
        if (!config.secret().isBlank() && !config.secret().matches("([0-9a-fA-F]{2}){16,}")) {
            throw new IllegalArgumentException("--secret must be at least 32 hex digits (16 bytes), e.g. from: openssl rand -hex 32");
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
            out.append(String.format("  %-16s %-20s %s%s%n", option.flag(), option.env(), option.help(), fallback));
        }
        out.append(String.format("  %-16s %-20s %s%n", "--help", "", "print this and exit"));
        return out.toString();
    }

    /** True when the messages live in a PostgreSQL that several nodes may share. */
    public boolean clustered() {
        return !databaseUrl.isBlank();
    }

    public Config withPort(int port) {
        return new Config(host, port, data, databaseUrl, secret, heartbeat, history, retryMillis, queue, dev);
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
        String value = values.get(flag).strip().toLowerCase(java.util.Locale.ROOT);
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
