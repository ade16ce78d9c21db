package parley.store;

import java.util.Locale;

/** Who may read a room: everyone signed in (open), its members (private), or a fixed set of people (direct). */
public enum RoomKind {
    OPEN, PRIVATE, DIRECT;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RoomKind of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }

    /** Whether only members may read it. */
    public boolean membersOnly() {
        return this != OPEN;
    }
}
