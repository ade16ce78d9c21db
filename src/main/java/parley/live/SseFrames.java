package parley.live;

import java.nio.charset.StandardCharsets;

/**
 * Encodes Server-Sent Events. Data is split on every line break SSE recognises (CRLF, LF, CR) into
 * several {@code data:} lines, so nothing inside the data can start a field of its own.
 */
public final class SseFrames {
    public static final Frame PING = new Frame(0, ascii(": ping\n\n"));

    private SseFrames() {}

    public static byte[] retry(long millis) {
        return ascii("retry: " + millis + "\n\n");
    }

    /**
     * A new message. Sent without an {@code event:} line: "message" is the type SSE gives an event without
     * one, and leaving it out saves 15 bytes on every delivery, the most frequent frame by far.
     */
    public static Frame message(long id, String html) {
        return new Frame(id, event(null, id, html));
    }

    /** A changed message (edited, deleted, reacted to), swapped in place of the one the page shows. */
    public static Frame update(long changeId, String html) {
        return new Frame(changeId, event("update", changeId, html));
    }

    /** Who is typing ({@code #typing}): state, not history, so no id. */
    public static Frame typing(String html) {
        return new Frame(0, event("typing", -1, html));
    }

    /** The viewer's sidebar changed: an entry (or the list) swapped out of band. State, not history: no id. */
    public static Frame rooms(String html) {
        return new Frame(0, event("rooms", -1, html));
    }

    public static Frame reset(long latestId, String html) {
        return new Frame(0, event("reset", latestId, html));
    }

    public static Frame presence(String html) {
        return new Frame(0, event("presence", -1, html));
    }

    /**
     * An event; {@code id} below 0 means the event carries no id and leaves the client's last id alone, and a
     * null {@code name} that it is of the default type, "message".
     */
    static byte[] event(String name, long id, String data) {
        StringBuilder out = new StringBuilder(data.length() + 64);
        if (name != null) {
            out.append("event: ").append(name).append('\n');
        }
        if (id >= 0) {
            out.append("id: ").append(id).append('\n');
        }
        // One pass over the data, cutting at every CR, LF and CRLF: a regular expression took most of the
        // time of opening a stream, whose reset carries a hundred messages.
        int start = 0;
        int length = data.length();
        for (int i = 0; i < length; i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < length && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(data, start, length).append('\n');
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
