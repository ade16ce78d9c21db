package parley.chat;

import java.util.Locale;
import parley.live.Bus;
import parley.store.Involvement;
import parley.store.RoomStore;

/**
 * Where each member has read a room up to, and how involved they chose to be in it: what their sidebar
 * counts and what they are notified of. Every change is told to the nodes through the bus, so the person's
 * sidebars everywhere follow it.
 */
public final class Reading {
    private final RoomStore store;
    private final Bus bus;

    public Reading(RoomStore store, Bus bus) {
        this.store = store;
        this.bus = bus;
    }

    /**
     * The viewer has seen the room up to change {@code changeId}. Reading back (an older id) changes nothing;
     * in a room they are not a member of, nothing either.
     *
     * @throws InvalidInput the id is not one of the room's changes
     */
    public void read(RoomEntry entry, Viewer viewer, String changeId) {
        long id = changeId(entry, changeId);
        if (!entry.member()) {
            return;
        }
        switch (store.markRead(entry.room(), viewer.accountId(), id)) {
            case MOVED -> bus.attentionChanged(viewer.accountId(), entry.room());
            case ALREADY -> { }
            case NOT_A_CHANGE -> throw notAChange(entry);
        }
    }

    /** The viewer opened the room's page, showing it up to change {@code upTo}: they have read it that far. */
    public void opened(RoomEntry entry, Viewer viewer, long upTo) {
        if (upTo > 0 && store.markRead(entry.room(), viewer.accountId(), upTo) == RoomStore.Read.MOVED) {
            bus.attentionChanged(viewer.accountId(), entry.room());
        }
    }

    /**
     * How involved the viewer wants to be in the room: {@code everything}, {@code mentions} or {@code nothing}.
     *
     * @throws InvalidInput another word, or the viewer is not a member
     */
    public Involvement involve(RoomEntry entry, Viewer viewer, String choice) {
        Involvement involvement;
        try {
            involvement = Involvement.of(choice == null ? "" : choice.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("Choose everything, mentions or nothing.");
        }
        if (!entry.member() || !store.involve(entry.room(), viewer.accountId(), involvement)) {
            throw new InvalidInput("Only members choose how involved they are in a room. Open it to join it first.");
        }
        bus.attentionChanged(viewer.accountId(), entry.room());
        return involvement;
    }

    private static long changeId(RoomEntry entry, String value) {
        try {
            long id = Long.parseLong(value == null ? "" : value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw notAChange(entry);
    }

    private static InvalidInput notAChange(RoomEntry entry) {
        return new InvalidInput("That is not a message of #" + entry.room() + ": reload the room to read it.");
    }
}
