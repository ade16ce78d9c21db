package parley.live;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Tells a room who is in it. Joins and leaves are coalesced: a burst of them (a thousand tabs
 * reconnecting after a restart) is announced once, a moment later, instead of once per change.
 */
public final class Presence {
    private static final long COALESCE_MILLIS = 100;

    private final Hub hub;
    private final Function<List<String>, String> render;
    private final ScheduledExecutorService timer;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    public Presence(Hub hub, Function<List<String>, String> render, ScheduledExecutorService timer) {
        this.hub = hub;
        this.render = render;
        this.timer = timer;
    }

    /** The distinct names of the people connected to the room, sorted for a stable display. */
    public List<String> names(String room) {
        return hub.subscribers(room).stream()
                .map(Subscriber::name)
                .distinct()
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .toList();
    }

    public void changed(String room) {
        if (pending.add(room)) {
            timer.schedule(() -> announce(room), COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void announce(String room) {
        pending.remove(room);
        List<String> names = names(room);
        if (!names.isEmpty()) {
            hub.broadcast(room, SseFrames.presence(render.apply(names)));
        }
    }
}
