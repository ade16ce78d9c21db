package parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import parley.live.Bus;
import parley.live.Presence;
import parley.store.Account;
import parley.store.Message;
import parley.store.MessageStore;
import parley.store.RoomKind;
import parley.store.RoomStore;
import parley.store.RoomSummary;

/**
 * Rooms as people see them: who may enter which (the one check every path under a room passes first),
 * creating open and private rooms, direct rooms, membership, and what a room shows.
 */
public final class Rooms {
    /** Direct rooms are named by this and a hash of their people; nobody may create a room named so. */
    static final String DIRECT_PREFIX = "dm-";

    private final MessageStore messages;
    private final RoomStore store;
    private final Accounts accounts;
    private final Presence presence;
    /** Tells every node's sidebars when someone joins or leaves a room. */
    private final Bus bus;
    private final int historySize;
    private final Clock clock;

    public Rooms(MessageStore messages, RoomStore store, Accounts accounts, Presence presence, Bus bus, int historySize,
                 Clock clock) {
        this.bus = bus;
        this.messages = messages;
        this.store = store;
        this.accounts = accounts;
        this.presence = presence;
        this.historySize = historySize;
        this.clock = clock;
    }

    /**
     * Lets the viewer into the room, or not. One query, and one answer for every room they may not read:
     * a private or direct room of which they are not a member is {@link NoSuchRoom#HIDDEN}, exactly as
     * for any other room they cannot see, whatever the path under it.
     *
     * @throws NoSuchRoom the name is not a room name, or the viewer may not read the room
     */
    public RoomEntry enter(String room, Viewer viewer) {
        String name = Rules.roomName(room);
        Optional<RoomStore.Access> access = store.access(name, viewer.accountId());
        if (access.isEmpty()) {
            return RoomEntry.unused(name);
        }
        RoomStore.Access found = access.get();
        if (found.kind().membersOnly() && !found.member()) {
            throw NoSuchRoom.hidden();
        }
        return new RoomEntry(name, Optional.of(found.kind()), found.member());
    }

    /** The viewer opened the room's page: opening an open room makes them a member of it. */
    public void opened(RoomEntry entry, Viewer viewer) {
        if (entry.exists() && !entry.member()) {
            store.join(entry.room(), viewer.accountId(), clock.instant());
            bus.attentionChanged(viewer.accountId(), entry.room());
        }
    }

    /**
     * Creates an open or private room with the viewer as its first member; returns its name.
     *
     * @throws InvalidInput the name breaks the rules, is kept for direct rooms, or is taken
     * @throws TooSoon      the viewer has started too many rooms lately
     */
    public String create(String name, RoomKind kind, Viewer viewer, Allowance newRooms) {
        if (kind == RoomKind.DIRECT) {
            throw new InvalidInput("A direct room is opened from a person's name, not created by name.");
        }
        String room = newRoomName(Rules.roomNameTyped(name));
        if (store.access(room, viewer.accountId()).isPresent()) {
            throw taken(room);
        }
        newRooms.take().ifPresent(wait -> {
            throw new TooSoon(wait);
        });
        if (!store.create(room, kind, viewer.accountId(), clock.instant())) {
            throw taken(room);
        }
        bus.attentionChanged(viewer.accountId(), room);
        return room;
    }

    /** The name for a room a post or a creation starts: not one kept for direct rooms. */
    static String newRoomName(String room) {
        if (room.startsWith(DIRECT_PREFIX)) {
            throw new InvalidInput("Room names that start with \"" + DIRECT_PREFIX + "\" are kept for direct messages. "
                    + "Choose another name.");
        }
        return room;
    }

    /**
     * A member of a private room adds someone to it.
     *
     * @throws InvalidInput nobody active has that name, or the room is not a private one
     */
    public String addMember(RoomEntry entry, Viewer viewer, String name) {
        if (!entry.isPrivate() || !entry.member()) {
            throw new InvalidInput("People are added to private rooms only, by their members. Anyone can open an "
                    + "open room; a direct room's people are fixed.");
        }
        Account person = accounts.active(name).orElseThrow(() -> nobody(name));
        store.join(entry.room(), person.id(), clock.instant());
        bus.attentionChanged(person.id(), entry.room());
        return person.name();
    }

    /**
     * The direct room of the viewer and these people, created the first time: the same people always get
     * the same room, whoever opens it and in whatever order the names come. Returns its name.
     *
     * @throws InvalidInput a name that no active account has, or no name at all
     */
    public String direct(Viewer viewer, List<String> names) {
        List<String> wanted = names.stream().filter(n -> n != null && !n.isBlank()).toList();
        if (wanted.isEmpty()) {
            throw new InvalidInput("Name the person to message.");
        }
        TreeSet<Long> ids = new TreeSet<>(List.of(viewer.accountId()));
        for (String name : wanted) {
            ids.add(accounts.active(name).orElseThrow(() -> nobody(name)).id());
        }
        if (ids.size() == 1) {
            throw new InvalidInput("Name someone other than yourself to message.");
        }
        if (ids.size() > 10) {
            throw new InvalidInput("A direct message is for up to 10 people. Make a private room for more.");
        }
        String key = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        String room = store.direct(key, DIRECT_PREFIX + digest(key), List.copyOf(ids), clock.instant());
        ids.forEach(id -> bus.attentionChanged(id, room));
        return room;
    }

    /** The viewer leaves the room (it goes from their sidebar); an open room they may open again. */
    public void leave(RoomEntry entry, Viewer viewer) {
        if (entry.isDirect()) {
            throw new InvalidInput("A direct room's people are fixed: it stays in your list.");
        }
        store.leave(entry.room(), viewer.accountId());
        bus.attentionChanged(viewer.accountId(), entry.room());
    }

    /** The rooms in the viewer's sidebar. */
    public List<RoomStore.Listed> sidebar(Viewer viewer) {
        return store.of(viewer.accountId());
    }

    public List<String> members(RoomEntry entry) {
        return entry.exists() ? store.members(entry.room()) : List.of();
    }

    /** Scrollback: how many older messages one step back loads. */
    public static final int PAGE = 50;
    /** A permalink shows this many messages on each side of the linked one. */
    public static final int AROUND = 25;

    /** The room's newest messages as its page opens with them, and whether there is history above them. */
    public History latest(RoomEntry entry) {
        // The latest change first: one made while the messages are read is then sent again, not missed.
        long latest = messages.latestId(entry.room());
        List<Message> newest = messages.recent(entry.room(), historySize + 1);
        boolean older = newest.size() > historySize;
        List<Message> shown = older ? newest.subList(1, newest.size()) : newest;
        return new History(shown, older, false, latest);
    }

    /**
     * The {@link #PAGE} messages just above {@code beforeId} (a position: any id of 0 or more, the room's
     * or not). The room page continues after the room's newest message, leaving out the ones in between.
     */
    public History before(RoomEntry entry, long beforeId) {
        long latest = messages.latestId(entry.room());
        List<Message> page = messages.before(entry.room(), beforeId, PAGE + 1);
        boolean older = page.size() > PAGE;
        List<Message> shown = older ? page.subList(1, page.size()) : page;
        return new History(shown, older, hasNewer(entry, shown.isEmpty() ? beforeId - 1 : shown.getLast().id()), latest);
    }

    /**
     * The room around its message {@code id}, for a permalink; empty when the room has no such message
     * (an unknown id, or another room's).
     */
    public Optional<History> around(RoomEntry entry, long id) {
        long latest = messages.latestId(entry.room());
        List<Message> around = messages.around(entry.room(), id, AROUND);
        if (around.isEmpty()) {
            return Optional.empty();
        }
        boolean older = !messages.before(entry.room(), around.getFirst().id(), 1).isEmpty();
        return Optional.of(new History(around, older, hasNewer(entry, around.getLast().id()), latest));
    }

    /** The room's message {@code id}, unless there is none or it was deleted. */
    public Optional<Message> message(RoomEntry entry, long id) {
        return messages.message(entry.room(), id).filter(message -> !message.isDeleted());
    }

    /** Whether the room has a message after message {@code id} (the latest change may be an edit of an old one). */
    private boolean hasNewer(RoomEntry entry, long id) {
        return !messages.after(entry.room(), id, 1).isEmpty();
    }

    /**
     * The people in the room on any node, and {@code viewer}, sorted: a page shows its own reader at once,
     * before its stream connects and the presence event confirms it.
     */
    public List<String> present(RoomEntry entry, Viewer viewer) {
        List<String> names = new ArrayList<>(presence.names(entry.room()));
        if (!names.contains(viewer.name())) {
            names.add(viewer.name());
            names.sort(String.CASE_INSENSITIVE_ORDER);
        }
        return names;
    }

    /** How many rooms of each kind there are (for the admin page): private and direct ones counted, never named. */
    public java.util.Map<RoomKind, Long> counts() {
        return store.countByKind();
    }

    /** Open rooms that have messages, most recently active first. */
    public List<RoomSummary> active(int limit) {
        return messages.rooms(limit);
    }

    /**
     * How many people are in each of these rooms now, on every node: the people each room's presence shows
     * (a person with several pages open counts once).
     */
    public java.util.Map<String, Integer> here(java.util.Collection<String> rooms) {
        return presence.counts(rooms);
    }

    private static InvalidInput taken(String room) {
        return new InvalidInput("There is already a room called #" + room + ". Open it, or choose another name.");
    }

    private static InvalidInput nobody(String name) {
        return new InvalidInput("Nobody here is called " + name.strip() + ".");
    }

    /** 16 hex digits of SHA-256: a direct room's name, the same for the same people. */
    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
