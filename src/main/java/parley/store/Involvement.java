package parley.store;

import java.util.Locale;

/**
 * How involved a member chose to be in a room: told of everything, only of mentions, or nothing at all
 * (muted: the room still counts what is unread, greyed, and never notifies).
 */
public enum Involvement {
    EVERYTHING, MENTIONS, NOTHING;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Involvement of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }

    /** What a member has in a room of this kind until they choose: everything in a direct room, mentions elsewhere. */
    public static Involvement byDefault(RoomKind kind) {
        return kind == RoomKind.DIRECT ? EVERYTHING : MENTIONS;
    }
}
