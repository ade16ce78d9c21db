package parley.chat;

import java.util.Optional;
import parley.store.RoomKind;

/**
 * A room a viewer may read, as {@link Rooms#enter} let them in: its name, its kind (empty for a valid name
 * that no room has yet, which is an empty open room) and whether they are a member.
 */
public record RoomEntry(String room, Optional<RoomKind> kind, boolean member) {
    /** A room nobody has used: an open room that its first message (or its creation) starts. */
    public static RoomEntry unused(String room) {
        return new RoomEntry(room, Optional.empty(), false);
    }

    public boolean exists() {
        return kind.isPresent();
    }

    public boolean isDirect() {
        return kind.filter(k -> k == RoomKind.DIRECT).isPresent();
    }

    public boolean isPrivate() {
        return kind.filter(k -> k == RoomKind.PRIVATE).isPresent();
    }
}
