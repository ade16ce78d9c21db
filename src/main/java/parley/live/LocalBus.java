package parley.live;

import java.util.List;
import parley.chat.Message;

/** The bus of a node that is alone (the embedded SQLite default): everything it publishes is all there is. */
public final class LocalBus implements Bus {
    private volatile Receiver receiver;

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void published(Message message) {
        receiver.message(message);
    }

    @Override
    public void following(String room, long id) {
        // Every message of this node is published through it, so there is nothing to catch up on.
    }

    @Override
    public void share(String room, List<String> here) {
        // No one else to tell.
    }

    @Override
    public List<String> everyone(String room, List<String> here) {
        return here;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
