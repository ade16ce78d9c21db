package parley.chat;

import java.util.List;

import parley.store.Message;

/**
 * A stretch of a room's messages as a page or a scrollback fragment shows it, oldest first: whether there are
 * older ones above it ({@code older}: the page offers to load them; otherwise it is the room's beginning),
 * whether newer ones exist below it that it does not show ({@code newer}), and the id its stream continues
 * after ({@code after}: the newest message shown, or the room's newest when newer ones are left out, so that
 * live messages arrive without the newer ones in between being replayed onto the page).
 */
public record History(List<Message> messages, boolean older, boolean newer, long after) {

    /** The id of the oldest message shown; 0 when there is none. */
    public long oldestId() {
        return messages.isEmpty() ? 0 : messages.getFirst().id();
    }
}
