package parley.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who is typing in each room with streams on this node: "alice is typing…" in {@code #typing}, until
 * {@link #SHOWN} after their last keystroke or until their message arrives. Nothing is stored: it is news
 * from the bus ({@link Bus#typing}), and a node that starts knows of nobody typing.
 *
 * <p>Each page is told of the others: a typist does not see themselves, so a typist's page gets its own
 * rendering and everyone else's shares one.
 */
public final class Typists {
    /** How long someone shows as typing after their last word of it. */
    public static final Duration SHOWN = Duration.ofSeconds(6);

    private final Hub hub;
    private final Renderer renderer;
    private final ScheduledExecutorService timer;
    private final Duration shown;
    /** Room → name → until when (System.nanoTime) they show as typing. */
    private final ConcurrentHashMap<String, Map<String, Long>> typing = new ConcurrentHashMap<>();

    public Typists(Hub hub, Renderer renderer, ScheduledExecutorService timer) {
        this(hub, renderer, timer, SHOWN);
    }

    Typists(Hub hub, Renderer renderer, ScheduledExecutorService timer, Duration shown) {
        this.hub = hub;
        this.renderer = renderer;
        this.timer = timer;
        this.shown = shown;
    }

    /** {@code name} is typing in the room (they said so on some node). */
    public void typing(String room, String name) {
        if (!hub.hasSubscribers(room)) {
            return; // nobody here to tell
        }
        long until = System.nanoTime() + shown.toNanos();
        boolean[] isNews = {false};
        typing.compute(room, (r, names) -> {
            Map<String, Long> now = names == null ? new HashMap<>() : names;
            isNews[0] = now.put(name, until) == null;
            return now;
        });
        if (isNews[0]) {
            announce(room);
        }
        timer.schedule(() -> expire(room), shown.toMillis() + 20, TimeUnit.MILLISECONDS);
    }

    /** {@code name}'s message arrived in the room: they are no longer typing it. */
    public void posted(String room, String name) {
        boolean[] removed = {false};
        typing.computeIfPresent(room, (r, names) -> {
            removed[0] = names.remove(name) != null;
            return names.isEmpty() ? null : names;
        });
        if (removed[0]) {
            announce(room);
        }
    }

    private void expire(String room) {
        long now = System.nanoTime();
        boolean[] removed = {false};
        typing.computeIfPresent(room, (r, names) -> {
            removed[0] = names.values().removeIf(until -> until - now <= 0);
            return names.isEmpty() ? null : names;
        });
        if (removed[0]) {
            announce(room);
        }
    }

    /** Who is typing in the room, sorted: what a page that shows none of them says. */
    private List<String> names(String room) {
        List<String> names = new ArrayList<>();
        typing.computeIfPresent(room, (r, typists) -> {
            names.addAll(typists.keySet());
            return typists;
        });
        names.sort(String::compareTo);
        return names;
    }

    private void announce(String room) {
        List<String> names = names(room);
        Map<List<String>, Frame> rendered = new HashMap<>();
        for (Subscriber subscriber : hub.subscribers(room)) {
            List<String> others = names;
            if (names.contains(subscriber.name())) {
                others = new ArrayList<>(names);
                others.remove(subscriber.name());
            }
            hub.send(subscriber, rendered.computeIfAbsent(others, list -> SseFrames.typing(renderer.typing(list))));
        }
    }
}
