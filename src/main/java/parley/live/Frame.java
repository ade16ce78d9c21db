package parley.live;

/**
 * One SSE event, encoded once and shared, unchanged, by every subscriber it is sent to.
 * {@code changeId} is the room change it carries (its {@code id:}), or 0 for events that carry none
 * (presence, ping): a subscriber skips a change it was sent already.
 */
public record Frame(long changeId, byte[] bytes) {
    public boolean carriesChange() {
        return changeId > 0;
    }
}
