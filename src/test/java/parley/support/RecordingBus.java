package parley.support;

import java.util.List;
import java.util.Set;
import parley.live.Bus;
import parley.store.Message;

/** A bus that only records what is published to it, in order: for tests of posting without streams. */
public record RecordingBus(List<Message> published) implements Bus {
    @Override
    public void start(Receiver receiver) {}

    @Override
    public void published(Message message) {
        published.add(message);
    }

    @Override
    public void sessionsEnded(Set<Long> sessionIds) {}

    @Override
    public void attentionChanged(long accountId, String room) {}

    @Override
    public void typing(String room, String name) {}

    @Override
    public void pageLeft(String room, long sessionId, String page) {}

    @Override
    public void following(String room, long id) {}

    @Override
    public void close() {}
}
