package parley.web;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import parley.chat.NoSuchRoom;
import parley.chat.RoomEntry;
import parley.chat.Rooms;
import parley.chat.Viewer;

/**
 * The door of every room: each request for {@code /rooms/{room}} or any path under it, known or not, is let
 * in here before it is routed, or refused. A person who may not read the room (a private or direct room
 * they are not a member of) gets the same 404 from the same code and the same query for every such room and
 * every path, whether that path exists or not, so no answer tells a hidden room from another. The event
 * stream, which is served before Javalin, passes the same door ({@link #enter(String, Viewer)}).
 */
final class RoomDoor {
    private static final Pattern ROOM_PATH = Pattern.compile("/rooms/([^/]+)(/.*)?");
    private static final String ENTRY = "parley.room";

    private final Rooms rooms;
    private final SessionCookies cookies;

    RoomDoor(Rooms rooms, SessionCookies cookies) {
        this.rooms = rooms;
        this.cookies = cookies;
    }

    /** Javalin's before-handler, for every path. */
    void check(Context ctx) {
        Optional<String> room = roomOf(ctx.path());
        if (room.isEmpty()) {
            return;
        }
        Viewer viewer = cookies.required(ctx);
        ctx.attribute(ENTRY, enter(room.get(), viewer));
    }

    /**
     * Lets the viewer into the room or refuses with the one 404.
     *
     * @throws Refusal 404 when the viewer may not read the room, or the name is not a room name
     */
    RoomEntry enter(String room, Viewer viewer) {
        try {
            return rooms.enter(room, viewer);
        } catch (NoSuchRoom e) {
            throw Refusal.noSuchRoom(e.getMessage());
        }
    }

    /** The room a route's request was let into. */
    static RoomEntry entry(Context ctx) {
        RoomEntry entry = ctx.attribute(ENTRY);
        if (entry == null) {
            throw new IllegalStateException("A room route ran without passing the door: " + ctx.path());
        }
        return entry;
    }

    static Optional<String> roomOf(String path) {
        Matcher m = ROOM_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
