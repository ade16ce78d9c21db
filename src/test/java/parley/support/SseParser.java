package parley.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a Server-Sent Events stream the way the WHATWG HTML standard says a browser must, section 9.2.6
 * "Interpreting an event stream" (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
 * so a test checks what an EventSource would dispatch, not what the encoder meant to send. Its steps and names
 * follow the spec's, so each can be held against it. It reads a stream whole, not as it arrives.
 */
public final class SseParser {

    /** A dispatched event: its type, its data, and the last event ID string when it was dispatched ("" if none yet). */
    public record Event(String type, String data, String id) {}

    private final List<Event> dispatched = new ArrayList<>();
    private final StringBuilder dataBuffer = new StringBuilder();
    private String eventTypeBuffer = "";
    private String lastEventIdBuffer = "";
    private String lastEventIdString = "";
    private OptionalLong reconnectionTime = OptionalLong.empty();

    private SseParser() {}

    /** The events a browser would dispatch for these bytes. */
    public static List<Event> parse(byte[] stream) {
        return parse(new String(stream, StandardCharsets.UTF_8));
    }

    /** The events a browser would dispatch for this text sent as UTF-8 (so a leading BOM is dropped too). */
    public static List<Event> parse(String stream) {
        return List.copyOf(read(stream).dispatched);
    }

    /** The last valid {@code retry} the stream sets, if any. */
    public static OptionalLong reconnectionTime(byte[] stream) {
        return read(new String(stream, StandardCharsets.UTF_8)).reconnectionTime;
    }

    private static SseParser read(String decoded) {
        SseParser parser = new SseParser();
        parser.readLines(decoded);
        return parser;
    }

    private void readLines(String text) {
        // "UTF-8 decode" drops one leading BOM; Java's decoder keeps it, so it is dropped here. (Malformed bytes
        // already became U+FFFD, as the spec's decoder also does.)
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        // Lines end with CRLF, a lone LF or a lone CR.
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                processLine(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        // Anything after the last line break is an unfinished line: "Once the end of the file is reached, any
        // pending data must be discarded", so an event without its blank line is never dispatched.
    }

    private void processLine(String line) {
        int colon = line.indexOf(':');
        if (line.isEmpty()) {
            dispatchTheEvent();
        } else if (colon == 0) {
            // a comment
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
        dispatched.add(new Event(type, dataBuffer.toString(), lastEventIdString));
        // 7.
        dataBuffer.setLength(0);
        eventTypeBuffer = "";
    }
}
