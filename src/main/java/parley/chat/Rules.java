package parley.chat;

import java.util.regex.Pattern;

/** What Parley accepts as a room name and a message text; each returns the canonical form or throws (names: {@link Names}). */
public final class Rules {
    public static final int ROOM_MAX = 32;
    /** The default longest message; the operator may choose another (--max-message). */
    public static final int TEXT_MAX = 2000;

    private static final Pattern ROOM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final String ROOM_RULE =
            "A room name is 1–32 characters of a–z, 0–9 and '-', starting with a letter or digit.";

    private Rules() {}

    /** A room's name as it appears in an address: exactly, or there is no such room. */
    public static String roomName(String raw) {
        if (!isRoomName(raw)) {
            throw new NoSuchRoom(ROOM_RULE);
        }
        return raw;
    }

    /** What a person typed into "open a room": forgiving about case and spaces, then the strict rule. */
    public static String roomNameTyped(String raw) {
        String name = raw == null ? "" : raw.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", "-");
        if (!isRoomName(name)) {
            throw new InvalidInput(ROOM_RULE);
        }
        return name;
    }

    private static boolean isRoomName(String name) {
        return name != null && ROOM.matcher(name).matches();
    }

    /**
     * Line breaks are normalised to LF (browsers send CRLF; SSE would turn a lone CR into LF anyway),
     * so the stored text is exactly what every screen shows.
     */
    public static String messageText(String raw, int maxLength) {
        String text = raw == null ? "" : raw.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (text.isEmpty()) {
            throw new InvalidInput("Type a message first.");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) {
            throw new InvalidInput("That message is " + length + " characters long; the limit is " + maxLength + ".");
        }
        if (text.codePoints().anyMatch(c -> c != '\n' && c != '\t' && isControl(c))) {
            throw new InvalidInput("A message can't contain control characters other than line breaks and tabs.");
        }
        if (text.codePoints().noneMatch(Rules::isVisible)) {
            throw new InvalidInput("Type a message first: this one has nothing visible in it.");
        }
        return text;
    }

    /** Not a space, a line break, a control or an invisible format character such as U+200B or U+202E. */
    private static boolean isVisible(int c) {
        int type = Character.getType(c);
        return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && type != Character.CONTROL
                && type != Character.FORMAT;
    }

    private static boolean isControl(int c) {
        return Character.getType(c) == Character.CONTROL;
    }
}
