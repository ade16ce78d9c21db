package parley.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;
import parley.chat.History;
import parley.chat.Posting;
import parley.chat.RoomEntry;
import parley.chat.Rooms;
import parley.chat.Viewer;
import parley.live.SidebarEntry;
import parley.store.Involvement;
import parley.store.Message;
import parley.store.RoomKind;
import parley.web.Pages.Compose;
import parley.web.Pages.FieldError;
import parley.web.Pages.Frame;
import parley.web.Pages.Room;

/** Renders a room's page and its message form: for opening the room, and for a post refused without htmx. */
final class RoomPages {
    private final Rooms rooms;
    private final Posting posting;
    private final Sidebars sidebars;
    private final Templates templates;

    RoomPages(Rooms rooms, Posting posting, Sidebars sidebars, Templates templates) {
        this.rooms = rooms;
        this.posting = posting;
        this.sidebars = sidebars;
        this.templates = templates;
    }

    /**
     * The room's page, its form showing {@code form}. The room is entered again here, so no path shows a
     * page of a room the viewer may not read.
     *
     * @throws parley.chat.NoSuchRoom the viewer may not read the room
     */
    void respond(Context ctx, HttpStatus status, Viewer viewer, Compose form) {
        respond(ctx, status, viewer, rooms.enter(form.room(), viewer), form, FieldError.NONE);
    }

    void respond(Context ctx, HttpStatus status, Viewer viewer, RoomEntry entry, Compose form, FieldError member) {
        respond(ctx, status, viewer, entry, form, member, rooms.latest(entry), 0);
    }

    /** The room's page showing {@code history}; {@code permalinked} is the linked message's id, or 0. */
    void respond(Context ctx, HttpStatus status, Viewer viewer, RoomEntry entry, Compose form, FieldError member,
                 History history, long permalinked) {
        RoomKind kind = entry.kind().orElse(RoomKind.OPEN);
        List<String> members = kind == RoomKind.OPEN ? List.of() : rooms.members(entry);
        Pages.Sidebar sidebar = sidebars.of(viewer, entry.room());
        Optional<SidebarEntry> current = sidebar.currentEntry();
        String title = current.map(r -> Sidebars.label(r.kind(), r.room(), r.others()))
                .orElseGet(() -> Sidebars.label(kind, entry.room(), members.stream().filter(n -> !n.equals(viewer.name())).toList()));
        long unreadFrom = current.isEmpty() ? 0 : history.messages().stream()
                .filter(m -> m.id() > sidebar.readUpTo() && m.authorId() != viewer.accountId())
                .mapToLong(Message::id).findFirst().orElse(0);
        Room page = new Room(new Frame(title + " · Parley", viewer, sidebar),
                entry.room(), title, kind, history, permalinked, rooms.present(entry, viewer), members, member, form,
                unreadFrom, current.map(SidebarEntry::involvement).orElse(Involvement.byDefault(kind)), PageTokens.fresh());
        templates.respond(ctx, status, "room.jte", page);
    }

    /** Scrollback: the messages of {@code history} as a fragment, beginning with the sentinel that loads the ones above. */
    void respondHistory(Context ctx, Viewer viewer, String room, History history) {
        // Above the messages shown: the newer ones are on the page already, so no link to them.
        History above = new History(history.messages(), history.older(), false, history.after());
        templates.respond(ctx, HttpStatus.OK, "history.jte", new Pages.Stretch(room, above, 0, Pages.MessageView.of(viewer), 0));
    }

    /** One message as the viewer's page shows it, with their controls. */
    String message(parley.store.Message message, Viewer viewer) {
        return templates.message(message, Pages.MessageView.of(viewer), null);
    }

    /** The message form alone, as htmx swaps it in after a post. */
    void respondForm(Context ctx, HttpStatus status, Compose form) {
        templates.respond(ctx, status, "compose.jte", form);
    }

    /** The room's message form, holding {@code text} and showing {@code error} (both may be empty), with a new key. */
    Compose form(String room, String text, String error) {
        return form(room, text, error, null);
    }

    /**
     * The same form with idempotency key {@code key}, or a new one when it is null. A form for a new message
     * (a page, the cleared form after a send) gets a new key. A refused post's form, which still holds what
     * was typed, keeps the key it was sent with: the refusal means this attempt stored nothing, but an
     * earlier attempt with the same key may have (its answer lost to a crash, a proxy's resend refused on the
     * other node), and sending again with the same key then finds that message instead of storing it twice.
     */
    Compose form(String room, String text, String error, String key) {
        return new Compose(room, text, error, posting.maxTextLength(), key != null ? key : IdempotencyKeys.fresh());
    }
}
