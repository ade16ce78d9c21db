package parley.chat;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import parley.live.Bus;
import parley.store.Message;
import parley.store.MessageStore;

/**
 * Changing a message after it was posted: its author edits it, its author or an admin deletes it, anyone
 * who may read the room reacts to it. Each is check → store (as the room's next change) → publish, like a
 * post, and under the same room lock, so every stream gets a room's changes in order.
 */
public final class Changing {
    private final MessageStore store;
    private final Bus bus;
    private final RoomLocks locks;
    private final Clock clock;
    private final int maxTextLength;

    public Changing(MessageStore store, Bus bus, RoomLocks locks, Clock clock, int maxTextLength) {
        this.store = store;
        this.bus = bus;
        this.locks = locks;
        this.clock = clock;
        this.maxTextLength = maxTextLength;
    }

    /**
     * The message as a page shows it to someone about to change it.
     *
     * @throws NoSuchMessage the room has no such message, or it was deleted
     */
    public Message find(RoomEntry room, long id) {
        Message message = store.message(room.room(), id).orElseThrow(() -> NoSuchMessage.in(room.room()));
        if (message.isDeleted()) {
            throw NoSuchMessage.deletedFrom(room.room());
        }
        return message;
    }

    /**
     * The author replaces the text, under the rules of a post. The same text again changes nothing.
     *
     * @throws NoSuchMessage no such message, or it was deleted (perhaps a moment ago, by a delete that won)
     * @throws NotAllowed    it is someone else's message
     * @throws InvalidInput  the text breaks the rules of a post
     * @throws parley.store.StoreUnavailable nothing was changed
     */
    public Message edit(RoomEntry room, Viewer viewer, long id, String text) {
        Message message = find(room, id);
        if (!isAuthor(message, viewer)) {
            throw new NotAllowed("Only the person who wrote a message can edit it.");
        }
        String checked = Rules.messageText(text, maxTextLength);
        if (checked.equals(message.text())) {
            return message;
        }
        return change(room, () -> store.edit(room.room(), id, checked, clock.instant(), Mentions.candidates(checked)));
    }

    /**
     * The author or an admin deletes the message: it disappears from every page, its text and reactions gone.
     *
     * @throws NoSuchMessage no such message, or it was deleted already
     * @throws NotAllowed    it is someone else's message, and the viewer is not an admin
     */
    public void delete(RoomEntry room, Viewer viewer, long id) {
        Message message = find(room, id);
        if (!isAuthor(message, viewer) && !viewer.isAdmin()) {
            throw new NotAllowed("Only the person who wrote a message, or an admin, can delete it.");
        }
        change(room, () -> store.delete(room.room(), id, clock.instant()));
    }

    /**
     * Adds the viewer's {@code emoji} to the message, or takes it away when it is there already.
     *
     * @throws InvalidInput  the emoji is not one of {@link Reactions#PALETTE}
     * @throws NoSuchMessage no such message, or it was deleted
     */
    public Message react(RoomEntry room, Viewer viewer, long id, String emoji) {
        String checked = Reactions.checked(emoji);
        find(room, id);
        return change(room, () -> store.react(room.room(), id, viewer.accountId(), checked, clock.instant()));
    }

    /** Stores the change and publishes it, under the room's lock; a message deleted in between is gone. */
    private Message change(RoomEntry room, Supplier<Optional<Message>> stored) {
        return locks.holding(room.room(), () -> {
            Message changed = stored.get().orElseThrow(() -> NoSuchMessage.deletedFrom(room.room()));
            bus.published(changed);
            return changed;
        });
    }

    private static boolean isAuthor(Message message, Viewer viewer) {
        return message.authorId() != 0 && message.authorId() == viewer.accountId();
    }
}
