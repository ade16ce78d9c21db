package parley.live;

import java.util.List;
import parley.store.Involvement;
import parley.store.RoomKind;

/**
 * One room of a person's sidebar ({@code #rooms}) as a stream sends it: what it shows, and nothing else, so
 * that people whose entries look the same share one rendering.
 *
 * @param others   the other people of a direct room (it is labelled by them)
 * @param unread   messages of others after where the person read
 * @param mentions how many of those mention the person
 * @param notice   the message the browser may notify the person of, when there is one
 */
public record SidebarEntry(String room, RoomKind kind, List<String> others, Involvement involvement, int unread,
                           int mentions, Notice notice) {

    /** A message worth a notification: it mentions the person, or is in a room they follow closely. */
    public record Notice(long messageId, String author, String text) {}
}
