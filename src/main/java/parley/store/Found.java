package parley.store;

import java.time.Instant;
import java.util.List;

/**
 * A message a search found: where and by whom, and a snippet of its text (the part around the words that
 * matched, or its beginning) in which each match is between {@link #MARK} and {@link #END_MARK}. Those two
 * are control characters, which message text can never hold (parley.chat.Rules), so they can only be the
 * database's marks; the text itself is as typed, not escaped.
 *
 * @param others in a direct room, its people other than the viewer, by name (a direct room is shown as them);
 *               empty in other rooms
 */
public record Found(long id, String room, RoomKind kind, String author, Instant sentAt, String snippet,
                    List<String> others) {
    public Found {
        others = List.copyOf(others);
    }

    /** The same message in a direct room of these other people. */
    Found with(List<String> people) {
        return new Found(id, room, kind, author, sentAt, snippet, people);
    }

    /** Where a matched word begins in {@link #snippet} (START OF TEXT). */
    public static final char MARK = '\u0002';
    /** Where it ends (END OF TEXT). */
    public static final char END_MARK = '\u0003';
    /** Where a snippet leaves text out, before or after it. */
    public static final String ELLIPSIS = "…";
}
