package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import parley.chat.Following;
import parley.chat.RoomEntry;
import parley.chat.Viewer;

/**
 * POST /rooms/{room}/events/{page}/end: a room page going away (closed, reloaded, another page opened in its
 * tab) says so as it goes ({@code navigator.sendBeacon} on {@code pagehide}, in parley.js), and its stream
 * ends on whichever node holds it, so its person leaves the room's presence at once.
 *
 * <p>Like every post it has passed the Gate (not from another site) and the room door (a session that may
 * read the room). It ends only a stream of the session that sends it, so a token that names no such stream,
 * forged or already ended, changes nothing; the answer is the same 204, since on several nodes this node
 * cannot know whether another one held it.
 */
final class PageLeaving {
    private final Following following;
    private final SessionCookies cookies;

    PageLeaving(Following following, SessionCookies cookies) {
        this.following = following;
        this.cookies = cookies;
    }

    void end(Context ctx) {
        Viewer viewer = cookies.required(ctx);
        RoomEntry entry = RoomDoor.entry(ctx);
        String page = ctx.pathParam("page");
        if (!PageTokens.isWellFormed(page)) {
            throw new Refusal(HttpStatus.NOT_FOUND, "No such page", "There is no such page of #" + entry.room()
                    + " to end. A page is named by the token its stream's address carries (?page=).");
        }
        following.pageLeft(entry, viewer, page);
        ctx.status(HttpStatus.NO_CONTENT);
    }
}
