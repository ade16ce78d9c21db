package parley.live;

import java.util.List;
import parley.store.Message;

/**
 * Turns what the stream sends into the HTML fragments the page shows: the same templates render them for
 * the page and for the stream, so a change looks the same pushed live and reloaded. Implemented by the web
 * layer's templates; the live layer only frames and routes the result.
 */
public interface Renderer {
    /** One message, as the page's {@code #messages} list shows it. */
    String message(Message message);

    /**
     * A message that changed, to be swapped in place of the one the page shows (an out-of-band swap), or
     * removed from the page when it is deleted.
     */
    String update(Message message);

    /**
     * One room of someone's sidebar, to be swapped in place of the one their page shows (out of band); never
     * the room the page itself shows.
     */
    String sidebarEntry(SidebarEntry entry);

    /** Someone's whole room list ({@code #rooms}), swapped in place of theirs when a room joined or left it. */
    String sidebar(List<SidebarEntry> entries, String current);

    /** Who is typing, as {@code #typing} says it ("alice is typing…"); empty for nobody. */
    String typing(List<String> names);

    /** The people in a room, as the page's {@code #presence} list shows them. */
    String presence(List<String> names);
}
