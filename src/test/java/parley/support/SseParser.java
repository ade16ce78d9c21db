package parley.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Reads a Server-Sent Events stream the way the WHATWG HTML standard says a browser must, section 9.2.6
 * "Interpreting an event stream" (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
 * so a test checks what an EventSource would dispatch, not what the encoder meant to send. Its steps and names
 * follow the spec's, so each can be held against it.
 *
 * <p>It reads a stream as it arrives: {@link #feed} it the decoded text in pieces of any size (a piece may end
 * in the middle of a line, or between the CR and the LF of a CRLF), and it dispatches each event to the
 * consumer given when it was made, the moment the blank line that ends it is read. {@link #end} says the stream
 * has ended. {@link #parse} reads a whole stream at once.
 */
public final class SseParser {

    /** A dispatched event: its type, its data, and the last event ID string when it was dispatched ("" if none yet). */
    public record Event(String type, String data, String id) {}

    private final Consumer<Event> dispatch;
    private final Consumer<String> comments;

    private final StringBuilder line = new StringBuilder();
    private boolean started;
    private boolean lastWasCr;
    private boolean ended;

    private final StringBuilder dataBuffer = new StringBuilder();
    private String eventTypeBuffer = "";
    private String lastEventIdBuffer = "";
    private String lastEventIdString = "";
    private volatile OptionalLong reconnectionTime = OptionalLong.empty(); // may be read while another thread feeds

    /** A parser that hands each event it dispatches to {@code dispatch}. */
    public SseParser(Consumer<Event> dispatch) {
        this(dispatch, comment -> {});
    }

    /**
     * A parser that also shows each comment line (its text after the colon) to {@code comments}. The spec
     * ignores comments; they are shown only so a test can see a heartbeat, and change nothing else.
     */
    public SseParser(Consumer<Event> dispatch, Consumer<String> comments) {
        this.dispatch = dispatch;
        this.comments = comments;
    }

    /** The events a browser would dispatch for these bytes. */
    public static List<Event> parse(byte[] stream) {
        return parse(new String(stream, StandardCharsets.UTF_8));
    }

    /** The events a browser would dispatch for this text sent as UTF-8 (so a leading BOM is dropped too). */
    public static List<Event> parse(String stream) {
        List<Event> dispatched = new ArrayList<>();
        SseParser parser = new SseParser(dispatched::add);
        parser.feed(stream);
        parser.end();
        return List.copyOf(dispatched);
    }

    /** The last valid {@code retry} the stream sets, if any. */
    public static OptionalLong reconnectionTime(byte[] stream) {
        SseParser parser = new SseParser(event -> {});
        parser.feed(new String(stream, StandardCharsets.UTF_8));
        parser.end();
        return parser.reconnectionTime();
    }

    /** The reconnection time the stream has set so far, if it set a valid one. */
    public OptionalLong reconnectionTime() {
        return reconnectionTime;
    }

    /**
     * Reads the next piece of the stream, already decoded from UTF-8 (malformed bytes as U+FFFD, as the spec's
     * decoder makes them), and dispatches every event it completes.
     */
    public void feed(CharSequence text) {
        if (ended) {
            throw new IllegalStateException("the stream has ended");
        }
        int i = 0;
        // "UTF-8 decode" drops one BOM at the start of the stream; Java's decoder keeps it, so it is dropped here.
        if (!started && !text.isEmpty()) {
            started = true;
            if (text.charAt(0) == '\uFEFF') {
                i = 1;
            }
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            // Lines end with CRLF, a lone LF or a lone CR. A CR ends its line at once (a browser does not wait
            // for what follows it); an LF right after it then ends nothing.
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') {
                String complete = line.toString();
                line.setLength(0);
                processLine(complete);
            } else {
                line.append(c);
            }
        }
    }

    /**
     * The stream has ended. "Once the end of the file is reached, any pending data must be discarded": an
     * unfinished line, and an event without its blank line, are never dispatched.
     */
    public void end() {
        ended = true;
        line.setLength(0);
        dataBuffer.setLength(0);
        eventTypeBuffer = "";
    }

    private void processLine(String line) {
        int colon = line.indexOf(':');
        if (line.isEmpty()) {
            dispatchTheEvent();
        } else if (colon == 0) {
            // a comment: ignored
            comments.accept(line.substring(1));
        } else if (colon > 0) {
            String value = line.substring(colon + 1);
            processTheField(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
        } else {
            processTheField(line, "");
        }
    }

    private void processTheField(String field, String value) {
        switch (field) {
            case "event" -> eventTypeBuffer = value;
            case "data" -> dataBuffer.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        reconnectionTime = OptionalLong.of(Long.parseLong(value));
                    } catch (NumberFormatException beyondALong) {
                        // no real stream asks for more than 292 million years; keep the time set before
                    }
                }
            }
            default -> {
                // any other field is ignored
            }
        }
    }

    private void dispatchTheEvent() {
        // 1. The last event ID buffer is not reset: an event without an id keeps the one before it.
        lastEventIdString = lastEventIdBuffer;
        // 2. No data, no event; but the event type is forgotten all the same.
        if (dataBuffer.isEmpty()) {
            eventTypeBuffer = "";
            return;
        }
        // 3. Every data line added a LF; the last one is not part of the data.
        if (dataBuffer.charAt(dataBuffer.length() - 1) == '\n') {
            dataBuffer.setLength(dataBuffer.length() - 1);
        }
        // 4-6. The type is "message" unless the event type buffer says otherwise.
        String type = eventTypeBuffer.isEmpty() ? "message" : eventTypeBuffer;
        Event event = new Event(type, dataBuffer.toString(), lastEventIdString);
        // 7.
        dataBuffer.setLength(0);
        eventTypeBuffer = "";
        dispatch.accept(event);
    }
}
