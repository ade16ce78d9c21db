package parley.chat;

import java.util.List;

import parley.store.Message;

/**
 * A stretch of a room's messages as a page or a scrollback fragment shows it, oldest first: whether there are
 * older ones above it ({@code older}: the page offers to load them; otherwise it is the room's beginning),
 * whether newer ones exist below it that it does not show ({@code newer}), and the change its stream continues
 * after ({@code after}: the room's latest change, read before the messages, so that live changes arrive without
 * the newer messages in between being replayed onto the page, and none made while it was read is missed).
 */
public record History(List<Message> messages, boolean older, boolean newer, long after) {

    /** The id of the oldest message shown; 0 when there is none. */
    public long oldestId() {
        return messages.isEmpty() ? 0 : messages.getFirst().id();
    }
}
