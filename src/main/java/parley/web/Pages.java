package parley.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import parley.chat.History;
import parley.chat.Viewer;
import parley.store.Account;
import parley.store.Message;
import parley.live.SidebarEntry;
import parley.store.Involvement;
import parley.store.RoomKind;
import parley.store.SessionStore;

/**
 * The models of the pages and fragments, one record per template, so a template that drifts from its model
 * fails the build. {@code viewer} is null when signed out; {@code sidebar} is null exactly then.
 */
public final class Pages {
    private Pages() {}

    /** What every page's frame shows: who is signed in, and their rooms. */
    public record Frame(String title, Viewer viewer, Sidebar sidebar) {
        /** The title with the viewer's unread count before it, "(3) #lobby · Parley", as parley.js keeps it. */
        public String titleWithCount() {
            int unread = sidebar == null ? 0 : sidebar.unreadElsewhere();
            return unread > 0 ? "(" + unread + ") " + title : title;
        }

        static Frame signedOut(String title) {
            return new Frame(title, null, null);
        }
    }

    /** The viewer's rooms ({@code #rooms}); {@code loaded} is false when the database could not be asked. */
    /** @param readUpTo where the viewer had read the current room up to, when the page was asked for */
    public record Sidebar(List<SidebarEntry> rooms, String current, boolean loaded, long readUpTo) {
        public List<SidebarEntry> ofKind(boolean direct) {
            return rooms.stream().filter(room -> (room.kind() == RoomKind.DIRECT) == direct).toList();
        }

        /** The room the page shows, when it is one of the viewer's. */
        public Optional<SidebarEntry> currentEntry() {
            return rooms.stream().filter(room -> room.room().equals(current)).findFirst();
        }

        /** Messages unread in the viewer's other rooms, muted ones aside: the page's title begins with it. */
        public int unreadElsewhere() {
            return rooms.stream().filter(room -> !room.room().equals(current) && room.involvement() != Involvement.NOTHING)
                    .mapToInt(SidebarEntry::unread).sum();
        }
    }

    /**
     * The home page. Signed out: sign in, and sign up when that is open ({@code firstRun}: the first account,
     * the admin). Signed in: open, create or join rooms, message someone.
     */
    public record Home(Frame frame, boolean firstRun, boolean signupOpen, String next, SignForm signIn,
                       SignForm signUp, List<RoomCard> rooms, FieldError room, FieldError direct) {}

    /** The sign-in or sign-up form: the name typed (never the password) and what was wrong. */
    public record SignForm(String name, String error) {
        public static final SignForm EMPTY = new SignForm("", null);
    }

    /** GET /join/{code}: sign up with the invite code. */
    public record Join(Frame frame, String code, SignForm signUp) {}

    public record RoomCard(String name, long messageCount, Instant lastActiveAt, int online) {}

    /**
     * A room's page. {@code title} is "#name", or a direct room's people; {@code members} is shown for
     * private and direct rooms (empty for open ones).
     */
    /**
     * The messages of {@code history} in {@code #messages}, below the sentinel that loads older ones (or the
     * room's beginning), with a note above message {@code permalinked} (0 for none): a page's list, or a
     * scrollback fragment.
     */
    /** @param unreadFrom the first message the viewer has not read (the unread divider goes above it), or 0 */
    public record Stretch(String room, History history, long permalinked, MessageView view, long unreadFrom) {}

    /**
     * The form that edits message {@code id}: {@code inline} in the room's list (htmx), or on a page of its own.
     * {@code error} is why the last try was refused, or null.
     */
    public record Editor(String room, long id, String author, String text, String error, int maxLength, boolean inline) {}

    /** The page that edits a message without JavaScript. */
    public record EditPage(Frame frame, Editor editor) {}

    /**
     * Whose page a message is rendered for. The stream's fragments are for nobody ({@link #STREAM}): the same
     * bytes for everyone, without controls, which parley.js adds. A page is rendered for its viewer, with the
     * controls they may use on each message (react; edit and delete their own; delete any, for an admin), so
     * it works without JavaScript. {@code inPlace}: the fragment replaces the message a page shows already.
     */
    public record MessageView(String viewer, long viewerId, boolean admin, boolean inPlace) {
        public static final MessageView STREAM = new MessageView(null, 0, false, false);
        public static final MessageView UPDATE = new MessageView(null, 0, false, true);

        public static MessageView of(Viewer viewer) {
            return new MessageView(viewer.name(), viewer.accountId(), viewer.isAdmin(), false);
        }

        public boolean hasControls() {
            return viewer != null;
        }

        public boolean owns(Message message) {
            return viewerId != 0 && message.authorId() == viewerId;
        }

        public boolean reacted(Message.Reaction reaction) {
            return viewer != null && reaction.names().contains(viewer);
        }
    }

    /**
     * A room's page: {@code history} is the stretch of messages it shows (the newest, a page of scrollback,
     * or the messages around {@code permalinked}, the id of a permalink's message; 0 on other pages).
     */
    /**
     * @param unreadFrom  the first message the viewer had not read when the page opened, or 0
     * @param involvement how involved the viewer is in the room (they choose it on the page)
     * @param pageToken   names this page's stream, so the page can end it as it goes ({@link PageTokens})
     */
    public record Room(Frame frame, String room, String title, RoomKind kind, History history, long permalinked,
                       List<String> present, List<String> members, FieldError member, Compose compose,
                       long unreadFrom, Involvement involvement, String pageToken) {
        public Stretch stretch() {
            return new Stretch(room, history, permalinked, MessageView.of(frame.viewer()), unreadFrom);
        }

        public boolean isPrivate() {
            return kind == RoomKind.PRIVATE;
        }

        public boolean isDirect() {
            return kind == RoomKind.DIRECT;
        }
    }

    /**
     * The message form: what was typed, what was wrong with it (or null), the longest text allowed, and the
     * idempotency key a send of this form carries (see {@link RoomPages#form}).
     */
    public record Compose(String room, String text, String error, int maxLength, String idempotencyKey) {}

    /** /account: the viewer's sessions (this one marked) and the password form. */
    public record AccountPage(Frame frame, List<SessionStore.Listed> sessions, long current, String notice,
                              String passwordError) {}

    /** /admin: people, the invite link, and the rooms (open ones by name, the others only counted). */
    public record Admin(Frame frame, List<Account> people, String inviteUrl, List<RoomCard> openRooms,
                        java.util.Map<RoomKind, Long> roomCounts, String notice, String error) {
        public long count(RoomKind kind) {
            return roomCounts.getOrDefault(kind, 0L);
        }
    }

    public record Problem(Frame frame, int status, String title, String message) {}

    /** What a person typed into a field and what was wrong with it; both may be null. */
    public record FieldError(String value, String error) {
        public static final FieldError NONE = new FieldError(null, null);
    }
}
