package parley.live;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.store.StoreUnavailable;

/**
 * Tells a room who is in it, on this node and (through {@link SharedPresence}) on every other. Changes are
 * coalesced: a burst of them (a thousand tabs reconnecting after a restart) is announced once, a moment
 * later, instead of once per change.
 */
public final class Presence implements Hub.Watcher, SharedPresence.Listener {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    private static final long COALESCE_MILLIS = 100;

    private final Hub hub;
    private final SharedPresence shared;
    private final Renderer renderer;
    private final ScheduledExecutorService timer;
    /** Rooms with an announcement due → whether this node's own people changed (and must be shared). */
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();

    public Presence(Hub hub, SharedPresence shared, Renderer renderer, ScheduledExecutorService timer) {
        this.hub = hub;
        this.shared = shared;
        this.renderer = renderer;
        this.timer = timer;
    }

    /** The distinct names of the people in the room on any node, sorted for a stable display. */
    public List<String> names(String room) {
        return sorted(shared.everyone(room, here(room)));
    }

    /**
     * How many people are in each of these rooms, on every node: as many as the room's presence names (the
     * home page's "N here"). One read of the other nodes for all of them.
     */
    public Map<String, Integer> counts(Collection<String> rooms) {
        Map<String, List<String>> elsewhere = shared.elsewhere(rooms);
        Map<String, Integer> counts = new HashMap<>();
        for (String room : rooms) {
            Set<String> names = new HashSet<>(here(room));
            names.addAll(elsewhere.getOrDefault(room, List.of()));
            counts.put(room, names.size());
        }
        return counts;
    }

    /** Someone joined the room on this node. */
    @Override
    public void joined(Subscriber subscriber) {
        due(subscriber.room(), true);
    }

    /** Someone left the room on this node. */
    @Override
    public void left(Subscriber subscriber) {
        due(subscriber.room(), true);
    }

    /** Someone joined or left the room on another node: news only where the room has streams here. */
    @Override
    public void changedElsewhere(String room) {
        if (hub.hasSubscribers(room)) {
            due(room, false);
        }
    }

    private void due(String room, boolean ours) {
        boolean[] first = {false};
        pending.compute(room, (r, already) -> {
            first[0] = already == null;
            return already == null ? ours : already || ours;
        });
        if (first[0]) {
            timer.schedule(() -> announce(room), COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void announce(String room) {
        boolean ours = pending.remove(room);
        List<String> here = here(room);
        List<String> everyone;
        try {
            if (ours) {
                shared.share(room, here);
            }
            everyone = shared.everyone(room, here);
        } catch (StoreUnavailable e) {
            log.warn("Showing this node's people only in {}: {}", room, e.getMessage());
            everyone = here;
        }
        List<String> names = sorted(everyone);
        if (!names.isEmpty()) {
            hub.broadcast(room, SseFrames.presence(renderer.presence(names)));
        }
    }

    private List<String> here(String room) {
        return hub.subscribers(room).stream().map(Subscriber::name).distinct().toList();
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().distinct().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }
}
