package parley.live;

/**
 * One SSE event, encoded once and shared, unchanged, by every subscriber it is sent to.
 * {@code messageId} is the chat message it carries, or 0 for events that carry none (presence, ping).
 */
public record Frame(long messageId, byte[] bytes) {
    public boolean carriesMessage() {
        return messageId > 0;
    }
}
