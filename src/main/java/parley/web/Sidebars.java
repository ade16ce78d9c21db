package parley.web;

import java.util.List;
import parley.chat.Rooms;
import parley.chat.Viewer;
import parley.live.SidebarEntry;
import parley.store.Involvement;
import parley.store.RoomKind;
import parley.store.RoomStore;
import parley.store.StoreUnavailable;
import parley.web.Pages.Sidebar;

/** The sidebar every signed-in page shows: the viewer's rooms and direct messages, with what is unread in each. */
public final class Sidebars {
    private final Rooms rooms;

    Sidebars(Rooms rooms) {
        this.rooms = rooms;
    }

    /** @param current the room the page shows, marked in the list; null on other pages */
    Sidebar of(Viewer viewer, String current) {
        try {
            List<RoomStore.Listed> listed = rooms.sidebar(viewer);
            long readUpTo = listed.stream().filter(room -> room.name().equals(current)).mapToLong(RoomStore.Listed::readUpTo)
                    .findFirst().orElse(0);
            return new Sidebar(listed.stream().map(Sidebars::entry).toList(), current, true, readUpTo);
        } catch (StoreUnavailable e) {
            return new Sidebar(List.of(), current, false, 0); // a page that says the database is away still renders
        }
    }

    static SidebarEntry entry(RoomStore.Listed room) {
        return new SidebarEntry(room.name(), room.kind(), room.others(), room.involvement(), room.unread(),
                room.mentions().size(), null);
    }

    /** A direct room is shown as its other people ("alice, bob"), or "just you"; the others by their name. */
    public static String label(RoomKind kind, String name, List<String> others) {
        if (kind != RoomKind.DIRECT) {
            return "#" + name;
        }
        return others.isEmpty() ? "Just you" : String.join(", ", others);
    }

    /** A choice of involvement as the room's page offers it. */
    public static String involvementInWords(Involvement involvement) {
        return switch (involvement) {
            case EVERYTHING -> "Every message";
            case MENTIONS -> "Mentions of me";
            case NOTHING -> "Nothing (mute)";
        };
    }

    /** What a screen reader says after the room's name: "3 unread, mentioned". */
    public static String inWords(int unread, boolean mentioned) {
        String count = unread == 0 ? "" : (unread > 99 ? "over 99" : String.valueOf(unread)) + " unread";
        return mentioned ? (count.isEmpty() ? "mentioned" : count + ", mentioned") : count;
    }

    /** The entry's classes: which room is shown, what is unread, and how involved the viewer chose to be. */
    public static String classes(SidebarEntry entry, boolean current) {
        StringBuilder classes = new StringBuilder();
        if (current) {
            classes.append(" current");
        }
        if (entry.kind() == RoomKind.DIRECT) {
            classes.append(" direct");
        }
        if (!current && entry.unread() > 0) {
            classes.append(" unread");
        }
        if (!current && entry.mentions() > 0) {
            classes.append(" mentioned");
        }
        if (entry.involvement() == Involvement.NOTHING) {
            classes.append(" muted");
        }
        return classes.isEmpty() ? null : classes.substring(1);
    }
}
