package parley.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An SSE client that parses the stream the way the HTML spec says a browser does, read with the JDK
 * HttpClient, so tests see exactly what an EventSource would dispatch.
 */
public final class EventStream implements AutoCloseable {
    /** A dispatched event, or a comment (type "comment") so tests can see the heartbeat. */
    public record Event(String type, String id, String data) {}

    private static final Event END = new Event("end", null, null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;
    private volatile String retry;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static EventStream open(Client client, String path, String... headers) {
        HttpRequest request = client.request(path, headers).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(5)).GET().build();
        try {
            HttpResponse<Stream<String>> response = client.http().send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).as("stream status").isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            return new EventStream(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String type = "";
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String lastId = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (hasData) {
                        events.add(new Event(type.isEmpty() ? "message" : type, lastId, data.toString()));
                    }
                    type = "";
                    data.setLength(0);
                    hasData = false;
                    continue;
                }
                if (line.startsWith(":")) {
                    events.add(new Event("comment", null, line.substring(1).strip()));
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "event" -> type = value;
                    case "data" -> {
                        if (hasData) {
                            data.append('\n');
                        }
                        data.append(value);
                        hasData = true;
                    }
                    case "id" -> lastId = value;
                    case "retry" -> retry = value;
                    default -> { } // ignored, as a browser does
                }
            }
        } catch (UncheckedIOException e) {
            // closed
        } finally {
            events.add(END);
        }
    }

    public String retry() {
        return retry;
    }

    /** The next event that matches, skipping others; fails when none arrives before the deadline. */
    public Event next(Predicate<Event> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> skipped = new ArrayList<>();
        while (true) {
            Event event;
            try {
                event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (event == null || event == END) {
                if (event == END) {
                    events.add(END);
                }
                throw new AssertionError("no matching event within " + timeout
                        + (event == END ? " (stream ended)" : "") + "; skipped: " + skipped);
            }
            if (wanted.test(event)) {
                return event;
            }
            skipped.add(event);
        }
    }

    public Event next(String type, Duration timeout) {
        return next(e -> e.type().equals(type), timeout);
    }

    public Event next(String type) {
        return next(type, Duration.ofSeconds(5));
    }

    /** True when the server ended the stream before the deadline (the events before the end are let go). */
    public boolean awaitEnd(Duration timeout) {
        try {
            untilEnd(timeout);
            return true;
        } catch (AssertionError notEnded) {
            return false;
        }
    }

    /** Every event not yet taken, up to the end of the stream; fails when the stream has not ended by the deadline. */
    public List<Event> untilEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> out = new ArrayList<>();
        try {
            Event event;
            while ((event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                if (event == END) {
                    events.add(END);
                    return out;
                }
                out.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("the stream did not end within " + timeout + "; received: " + out.size() + " events");
    }

    /** Events already received and not yet taken, without waiting. */
    public List<Event> drain() {
        List<Event> out = new ArrayList<>();
        events.drainTo(out);
        out.remove(END);
        return out;
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
