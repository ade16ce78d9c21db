package parley.live;

import java.util.function.Consumer;
import java.util.function.Function;
import parley.chat.Message;

/** Publishes stored messages to a room's open streams: rendered and encoded once, shared by all. */
public final class LiveFeed implements Consumer<Message> {
    private final Hub hub;
    private final Function<Message, String> render;

    public LiveFeed(Hub hub, Function<Message, String> render) {
        this.hub = hub;
        this.render = render;
    }

    @Override
    public void accept(Message message) {
        if (hub.hasSubscribers(message.room())) {
            hub.broadcast(message.room(), SseFrames.message(message.id(), render.apply(message)));
        }
    }
}
