package parley.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A third-party EventSource following a Parley stream: the npm {@code eventsource} package (pinned in
 * src/test/node/package-lock.json), run by src/test/node/stream-client.mjs under Node. It shows what a
 * client written by someone else, to the WHATWG spec, makes of the stream, next to the tests' own
 * {@link EventStream}. It is pinned at 4.1.1, the newest release that runs on Node 20: 5.x asks for Node 22.12
 * or newer, which neither this machine nor Debian's nodejs package has.
 *
 * <p>{@link #install} copies src/test/node to target/node-client and runs {@code npm ci} there
 * ({@link NodePackages}), so the source tree stays clean.
 */
public final class NodeEventSource implements AutoCloseable {
    private static final Path INSTALLED = NodePackages.INSTALLED;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** What the client printed: an event it dispatched, or what became of a connection of its own (type "request", "refused", "open", "error"). */
    public record Line(String type, String lastEventId, String data) {
        public boolean isEvent() {
            return !List.of("request", "refused", "open", "error").contains(type);
        }
    }

    private final Process process;
    private final Path errors;
    private final List<Line> lines = new ArrayList<>();
    private int taken;
    private boolean ended;

    private NodeEventSource(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        Thread.ofVirtual().start(this::read);
    }

    /** Copies the client to target/ and installs its locked dependencies ({@link NodePackages}); call once per test class. */
    public static void install() {
        NodePackages.install();
    }

    /**
     * Starts the client on {@code path} of {@code as}'s server with {@code as}'s cookies, listening for
     * {@code types} besides "message" (an EventSource dispatches only the types it listens for).
     */
    public static NodeEventSource open(Client as, String path, String... types) {
        return start(as, path, false, types);
    }

    /**
     * Like {@link #open}, with {@code Connection: close} on every request, so each reconnect opens a connection
     * of its own instead of reusing the one the server just ended a stream on.
     */
    public static NodeEventSource openClosingConnections(Client as, String path, String... types) {
        return start(as, path, true, types);
    }

    private static NodeEventSource start(Client as, String path, boolean closeConnections, String... types) {
        List<String> command = new ArrayList<>(List.of("node", "stream-client.mjs"));
        if (closeConnections) {
            command.add("--close-connections");
        }
        command.add(as.server().url(path));
        command.addAll(List.of(types));
        try {
            Path errors = INSTALLED.resolve("stream-client-" + RUNS.incrementAndGet() + ".stderr").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(command).directory(INSTALLED.toFile())
                    .redirectError(errors.toFile());
            builder.environment().put("PARLEY_COOKIE", as.cookieHeader());
            return new NodeEventSource(builder.start(), errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String text;
            while ((text = out.readLine()) != null) {
                Line line = parse(text);
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException closed) {
            // the process was ended
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private static Line parse(String text) {
        try {
            JsonNode line = JSON.readTree(text);
            if (line.has("request")) {
                JsonNode id = line.get("request").get("lastEventId");
                return new Line("request", id.isNull() ? null : id.asText(), null);
            }
            if (line.has("refused")) {
                JsonNode refused = line.get("refused");
                return new Line("refused", null, refused.get("status").asInt() + " " + refused.get("body").asText());
            }
            if (line.has("state")) {
                return new Line(line.get("state").asText(), null, line.path("message").asText(null));
            }
            return new Line(line.get("type").asText(), line.get("lastEventId").asText(), line.get("data").asText());
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("stream-client.mjs printed a line that is not what it should print: " + text, e);
        }
    }

    /**
     * The next line that matches, after the one taken last, with the lines it passed over; fails when none
     * comes before the deadline, showing what did and what the client wrote to stderr.
     */
    public synchronized List<Line> until(Predicate<Line> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = taken;
        while (true) {
            for (; taken < lines.size(); taken++) {
                if (wanted.test(lines.get(taken))) {
                    taken++;
                    return List.copyOf(lines.subList(from, taken));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new AssertionError("no matching line from the npm eventsource client within " + timeout
                        + (ended ? " (it exited)" : "") + "; it printed: " + lines.subList(from, lines.size())
                        + "; stderr: " + stderr());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The next event of {@code type}, skipping the lines before it. */
    public Line next(String type) {
        return until(line -> line.type().equals(type), Duration.ofSeconds(5)).getLast();
    }

    private String stderr() {
        try {
            return Files.exists(errors) ? Files.readString(errors) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Ends the client: it closes its EventSource when its stdin closes, and is killed if it has not by then. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
