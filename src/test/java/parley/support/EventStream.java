package parley.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An SSE client that reads the stream with {@link SseParser}, the tests' one reading of the WHATWG
 * "Interpreting an event stream" steps, as the bytes arrive from the JDK HttpClient, so tests see exactly what
 * an EventSource would dispatch, when it would dispatch it.
 *
 * <p>The body is read as raw bytes and decoded as UTF-8 whatever the Content-Type says, as the spec's decoder
 * does, and the parser finds the line ends itself: a BOM at the start is dropped, a line or an event the stream
 * ends inside is never dispatched, and a CR ends its line at once.
 */
public final class EventStream implements AutoCloseable {
    /**
     * A dispatched event with the last event ID when it was dispatched ({@code null} while the stream has set
     * none), or a comment (type "comment", its text as data) so tests can see the heartbeat.
     */
    public record Event(String type, String id, String data) {}

    private static final Event END = new Event("end", null, null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<InputStream> response;
    private final SseParser parser = new SseParser(
            event -> events.add(new Event(event.type(), event.id().isEmpty() ? null : event.id(), event.data())),
            comment -> events.add(new Event("comment", null, comment.strip())));
    private final Thread reader;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static EventStream open(Client client, String path, String... headers) {
        HttpRequest request = client.request(path, headers).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(5)).GET().build();
        try {
            HttpResponse<InputStream> response = client.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String refusal;
                try (InputStream body = response.body()) {
                    refusal = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                }
                assertThat(response.statusCode()).as("stream status (%s)", refusal).isEqualTo(200);
            }
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
        // InputStreamReader decodes as the bytes come, keeping a character split across reads whole, and turns
        // malformed bytes into U+FFFD; each read returns what has arrived rather than waiting to fill the buffer.
        try (Reader body = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                parser.feed(CharBuffer.wrap(buffer, 0, n));
            }
        } catch (IOException closed) {
            // the stream was closed, by the server or by close()
        } finally {
            parser.end();
            events.add(END);
        }
    }

    /** The reconnection time the stream has set, in milliseconds, or null while it has set none. */
    public String retry() {
        OptionalLong time = parser.reconnectionTime();
        return time.isPresent() ? String.valueOf(time.getAsLong()) : null;
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
        if (out.remove(END)) {
            events.add(END); // still ended for whoever asks next
        }
        return out;
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
    }
}
