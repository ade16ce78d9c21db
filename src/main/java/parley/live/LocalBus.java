package parley.live;

import java.util.Set;
import parley.store.Message;

/** The bus of a node that is alone (the embedded SQLite default): everything it publishes is all there is. */
public final class LocalBus implements Bus {
    private volatile Receiver receiver;

    @Override
    public void start(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void published(Message message) {
        // Published right after each change, in order: a message whose latest change is its post is new.
        receiver.changed(message, message.version() == message.id());
    }

    @Override
    public void sessionsEnded(Set<Long> sessionIds) {
        receiver.sessionsEnded(sessionIds);
    }

    @Override
    public void attentionChanged(long accountId, String room) {
        receiver.attentionChanged(accountId, room);
    }

    @Override
    public void typing(String room, String name) {
        receiver.typing(room, name);
    }

    @Override
    public void pageLeft(String room, long sessionId, String page) {
        receiver.pageLeft(room, sessionId, page);
    }

    @Override
    public void following(String room, long id) {
        // Every message of this node is published through it, so there is nothing to catch up on.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
