package parley.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import parley.live.Bus;

/**
 * Someone is typing in a room: every page of it is told, on every node, and nothing is stored. A person's
 * word counts once per {@code every} at most in each room (a page says it once per three seconds while its
 * person types); more often is {@link TooSoon}, and nobody else hears of it.
 */
public final class Typing {
    private final Bus bus;
    private final Duration every;
    /**
     * Account and room → when (System.nanoTime) its last word of typing there was passed on; forgotten after
     * {@code every}. By room: a person who moves to another room and types is news there at once.
     */
    private final Cache<String, Long> lastWord;

    public Typing(Bus bus, Duration every) {
        this.bus = bus;
        this.every = every;
        this.lastWord = Caffeine.newBuilder().expireAfterWrite(every).build();
    }

    /**
     * The viewer is typing in the room (which they may read: the room's door let them in).
     *
     * @throws TooSoon they said so less than {@code every} ago
     */
    public void typing(RoomEntry entry, Viewer viewer) {
        long now = System.nanoTime();
        Long before = lastWord.asMap().putIfAbsent(viewer.accountId() + " " + entry.room(), now);
        if (before != null) {
            Duration waited = Duration.ofNanos(now - before);
            throw new TooSoon(every.minus(waited).isNegative() ? Duration.ofMillis(1) : every.minus(waited));
        }
        bus.typing(entry.room(), viewer.name()); // in a room not begun yet too: its pages are open all the same
    }
}
