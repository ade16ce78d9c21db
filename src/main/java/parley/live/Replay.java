package parley.live;

import java.util.List;
import parley.store.Message;

/**
 * What a connecting stream must be sent before live changes.
 * {@code reset}: replace the whole list with {@code messages}. Otherwise they are the messages changed after
 * change {@code since}, the one the client had: those posted after it are new to the client, the others it
 * has in an older form. {@code latestId} is the newest change the client has after this: later ones are live.
 */
public record Replay(boolean reset, long since, long latestId, List<Message> messages) {

    /** Whether the client has never seen {@code message}: it was posted after the change the client had. */
    public boolean isNew(Message message) {
        return reset || message.id() > since;
    }
}
