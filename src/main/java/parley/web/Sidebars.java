package parley.web;

import java.util.List;
import parley.chat.Rooms;
import parley.chat.Viewer;
import parley.store.RoomKind;
import parley.store.StoreUnavailable;
import parley.web.Pages.Sidebar;
import parley.web.Pages.SidebarRoom;

/** The sidebar every signed-in page shows: the viewer's rooms and direct messages. */
final class Sidebars {
    private final Rooms rooms;

    Sidebars(Rooms rooms) {
        this.rooms = rooms;
    }

    /** @param current the room the page shows, marked in the list; null on other pages */
    Sidebar of(Viewer viewer, String current) {
        try {
            List<SidebarRoom> listed = rooms.sidebar(viewer).stream()
                    .map(room -> new SidebarRoom(room.name(), label(room.kind(), room.name(), room.others()),
                            room.kind(), room.name().equals(current), 0, 0))
                    .toList();
            return new Sidebar(listed, current, true);
        } catch (StoreUnavailable e) {
            return new Sidebar(List.of(), current, false); // a page that says the database is away still renders
        }
    }

    /** A direct room is shown as its other people ("alice, bob"), or "just you"; the others by their name. */
    static String label(RoomKind kind, String name, List<String> others) {
        if (kind != RoomKind.DIRECT) {
            return "#" + name;
        }
        return others.isEmpty() ? "Just you" : String.join(", ", others);
    }
}
