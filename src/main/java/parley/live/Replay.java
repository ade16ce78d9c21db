package parley.live;

import java.util.List;
import parley.store.Message;

/**
 * What a connecting stream must be sent before live messages.
 * {@code reset}: replace the whole list with {@code messages}; otherwise append them, the ones the client
 * missed. {@code latestId} is the newest id the client has after this: later messages are live ones.
 */
public record Replay(boolean reset, long latestId, List<Message> messages) {}
