package parley.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.store.Involvement;
import parley.store.Message;
import parley.store.RoomStore;

/**
 * The sidebar counts of the people who have a stream open on this node: for each of their rooms, how many
 * messages are unread and which mention them. Read from the store once, when a person's first stream opens,
 * then kept up to date from the changes the bus brings anyway, so a post costs a counter per member online
 * here and no query at all. What only the store knows (a person read a room, joined or left one, chose how
 * involved to be) arrives as {@link #reread}, for that one person, on every node.
 *
 * <p>A changed entry goes to each of the person's streams as {@code event: rooms}, except those showing that
 * room: their page shows the messages themselves. People whose entries look the same share one rendering.
 */
public final class Attention implements Hub.Watcher {
    private static final Logger log = LoggerFactory.getLogger(Attention.class);
    /** A notice carries at most this much of a message's text. */
    static final int NOTICE_CHARACTERS = 140;

    private final Hub hub;
    private final RoomStore rooms;
    private final Renderer renderer;
    private final ConcurrentHashMap<Long, Person> people = new ConcurrentHashMap<>();
    /** Room → the people online here who are members of it (loaded). */
    private final ConcurrentHashMap<String, Set<Person>> members = new ConcurrentHashMap<>();
    /** People whose rooms are being read: every change is kept for them until they are. */
    private final Set<Person> loading = ConcurrentHashMap.newKeySet();

    /**
     * How long a person's counts are kept after their last stream here ends: going from one room to another
     * closes a page and opens the next, and that is not worth reading their rooms again.
     */
    static final Duration KEPT = Duration.ofSeconds(60);

    private final ScheduledExecutorService timer;
    private final Duration kept;

    public Attention(Hub hub, RoomStore rooms, Renderer renderer, ScheduledExecutorService timer) {
        this(hub, rooms, renderer, timer, KEPT);
    }

    Attention(Hub hub, RoomStore rooms, Renderer renderer, ScheduledExecutorService timer, Duration kept) {
        this.hub = hub;
        this.rooms = rooms;
        this.renderer = renderer;
        this.timer = timer;
        this.kept = kept;
    }

    /** Whether someone online here is a member of the room: its changes are needed here for their sidebar. */
    public boolean follows(String room) {
        Set<Person> in = members.get(room);
        return in != null && !in.isEmpty() || !loading.isEmpty();
    }

    @Override
    public void joined(Subscriber subscriber) {
        if (subscriber.accountId() == 0) {
            return;
        }
        boolean[] first = {false};
        Person person = people.compute(subscriber.accountId(), (id, known) -> {
            Person p = known != null ? known : new Person(id);
            first[0] = known == null;
            p.add(subscriber);
            return p;
        });
        if (first[0]) {
            load(person);
        }
    }

    @Override
    public void left(Subscriber subscriber) {
        Person person = people.get(subscriber.accountId());
        if (person == null) {
            return;
        }
        boolean[] last = {false};
        people.computeIfPresent(subscriber.accountId(), (id, p) -> {
            p.remove(subscriber);
            last[0] = p.streams.isEmpty();
            return p;
        });
        if (last[0]) {
            // Kept (and kept counting) a while: the person is most likely opening their next page.
            timer.schedule(() -> forgetIfGone(subscriber.accountId()), kept.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void forgetIfGone(long accountId) {
        Person[] gone = {null};
        people.computeIfPresent(accountId, (id, p) -> {
            if (p.streams.isEmpty()) {
                gone[0] = p;
                return null;
            }
            return p;
        });
        if (gone[0] != null) {
            forget(gone[0]);
        }
    }

    /** A stored change, from the bus (each room's in order): the counts of the room's members online here. */
    public void changed(Message message, boolean isNew) {
        Set<Person> in = members.get(message.room());
        if (in != null) {
            Map<SidebarEntry, Frame> rendered = new HashMap<>(); // one rendering per look, for everyone who shares it
            for (Person person : in) {
                // Most members online are reading this very room: their counts move, but nothing is rendered.
                boolean told = person.hasStreamOutside(message.room());
                Optional<SidebarEntry> entry;
                synchronized (person) {
                    entry = person.apply(message, isNew, told);
                }
                entry.ifPresent(e -> push(person, e, rendered));
            }
        }
        for (Person person : loading) {
            synchronized (person) {
                if (person.rooms == null) {
                    person.pending.add(new Pending(message, isNew));
                }
            }
        }
    }

    /**
     * What the store knows of the person's room changed (they read it, joined or left it, or chose how
     * involved to be): read it again, for that person, if they are online here.
     */
    public void reread(long accountId, String room) {
        Person person = people.get(accountId);
        if (person == null) {
            return;
        }
        Optional<RoomStore.Listed> listed;
        try {
            listed = rooms.of(accountId, room);
        } catch (RuntimeException e) {
            // The store is away: the sidebar stays as it was until the next word (it is a display, not a record).
            log.warn("Could not read a person's room for their sidebar: {}", e.toString());
            return;
        }
        boolean joinedOrLeft;
        Optional<SidebarEntry> entry;
        synchronized (person) {
            if (person.rooms == null) {
                return; // still loading: the load reads it as it is now
            }
            State before = person.rooms.get(room);
            joinedOrLeft = (before == null) != listed.isEmpty();
            if (listed.isEmpty()) {
                person.rooms.remove(room);
                entry = Optional.empty();
            } else {
                State state = new State(listed.get());
                if (before != null) {
                    state.seen = Math.max(state.seen, before.seen);
                }
                person.rooms.put(room, state);
                entry = Optional.of(state.entry(null));
            }
        }
        if (listed.isEmpty()) {
            Set<Person> in = members.get(room);
            if (in != null) {
                in.remove(person);
            }
        } else {
            members.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(person);
        }
        if (joinedOrLeft) {
            pushAll(person);
        } else {
            entry.ifPresent(e -> push(person, e, new HashMap<>()));
        }
    }

    private void load(Person person) {
        loading.add(person);
        List<RoomStore.Listed> listed;
        try {
            listed = rooms.of(person.accountId);
        } catch (RuntimeException e) {
            listed = List.of(); // the store is away: no counts until the person's next stream
        }
        List<Pending> pending;
        synchronized (person) {
            person.rooms = new LinkedHashMap<>();
            listed.forEach(room -> person.rooms.put(room.name(), new State(room)));
            pending = List.copyOf(person.pending);
            person.pending.clear();
            pending.forEach(p -> person.apply(p.message(), p.isNew(), false)); // the whole list follows
        }
        listed.forEach(room -> members.computeIfAbsent(room.name(), r -> ConcurrentHashMap.newKeySet()).add(person));
        loading.remove(person);
        if (!pending.isEmpty()) {
            pushAll(person);
        }
        if (people.get(person.accountId) != person) {
            forget(person); // forgotten while its rooms were read
        }
    }

    private void forget(Person person) {
        loading.remove(person);
        List<String> of;
        synchronized (person) {
            of = person.rooms == null ? List.of() : List.copyOf(person.rooms.keySet());
        }
        for (String room : of) {
            members.computeIfPresent(room, (r, in) -> {
                in.remove(person);
                return in.isEmpty() ? null : in;
            });
        }
    }

    /** The entry to the person's streams that do not show its room. */
    private void push(Person person, SidebarEntry entry, Map<SidebarEntry, Frame> rendered) {
        Frame frame = null;
        for (Subscriber stream : person.streams) {
            if (!stream.room().equals(entry.room())) {
                if (frame == null) {
                    frame = rendered.computeIfAbsent(entry, e -> SseFrames.rooms(renderer.sidebarEntry(e)));
                }
                hub.send(stream, frame);
            }
        }
    }

    /** The person's whole list to each of their streams (each marks its own room). */
    private void pushAll(Person person) {
        List<SidebarEntry> entries;
        synchronized (person) {
            entries = person.rooms.values().stream().map(state -> state.entry(null)).toList();
        }
        for (Subscriber stream : person.streams) {
            hub.send(stream, SseFrames.rooms(renderer.sidebar(entries, stream.room())));
        }
    }

    private record Pending(Message message, boolean isNew) {}

    /** One person online here: their streams, and their rooms once read. */
    private static final class Person {
        final long accountId;
        final Set<Subscriber> streams = ConcurrentHashMap.newKeySet();
        /** How many of the streams show each room: a post there costs a person with a thousand pages of it nothing. */
        final Map<String, Integer> streamsByRoom = new ConcurrentHashMap<>();
        /** Room → its counts; null until read. Guarded by this. */
        Map<String, State> rooms;
        /** Changes that came while the rooms were read. Guarded by this. */
        final List<Pending> pending = new ArrayList<>();

        Person(long accountId) {
            this.accountId = accountId;
        }

        /** Whether the person has a page of another room than this: one a change here shows in. */
        boolean hasStreamOutside(String room) {
            Integer here = streamsByRoom.get(room);
            return streams.size() > (here == null ? 0 : here);
        }

        /** Called under the people map's lock for this person (as is {@link #remove}). */
        void add(Subscriber stream) {
            if (streams.add(stream)) {
                streamsByRoom.merge(stream.room(), 1, Integer::sum);
            }
        }

        void remove(Subscriber stream) {
            if (streams.remove(stream)) {
                streamsByRoom.computeIfPresent(stream.room(), (room, count) -> count == 1 ? null : count - 1);
            }
        }

        /**
         * The change applied to the person's counts; the entry to send when it changed what they see and
         * {@code told}: they have a page of another room to send it to.
         */
        Optional<SidebarEntry> apply(Message message, boolean isNew, boolean told) {
            State state = rooms == null ? null : rooms.get(message.room());
            if (state == null || message.version() <= state.seen) {
                return Optional.empty(); // not a room of theirs, or counted already (when it was read)
            }
            state.seen = message.version();
            if (message.authorId() == accountId || message.id() <= state.readUpTo) {
                return Optional.empty(); // their own, or read already: nothing to count
            }
            boolean mentioned = message.mentions(accountId);
            if (isNew) {
                if (message.isDeleted()) {
                    return Optional.empty();
                }
                state.unread++;
                if (mentioned) {
                    state.mentions.add(message.id());
                }
                return told ? Optional.of(state.entry(notice(state, message, mentioned))) : Optional.empty();
            }
            boolean changed;
            if (message.isDeleted()) {
                state.unread = Math.max(0, state.unread - 1);
                state.mentions.remove(message.id());
                changed = true;
            } else if (mentioned) {
                changed = state.mentions.add(message.id());
            } else {
                changed = state.mentions.remove(message.id());
            }
            return changed && told ? Optional.of(state.entry(null)) : Optional.empty();
        }

        private static SidebarEntry.Notice notice(State state, Message message, boolean mentioned) {
            Involvement involvement = state.listed.involvement();
            boolean worthIt = involvement == Involvement.EVERYTHING
                    || involvement == Involvement.MENTIONS && mentioned;
            if (!worthIt) {
                return null;
            }
            String text = message.text().strip();
            if (text.codePointCount(0, text.length()) > NOTICE_CHARACTERS) {
                text = text.substring(0, text.offsetByCodePoints(0, NOTICE_CHARACTERS - 1)) + "…";
            }
            return new SidebarEntry.Notice(message.id(), message.author(), text);
        }
    }

    /** One room of a person's: where they read up to and what came after. Guarded by its person. */
    private static final class State {
        final RoomStore.Listed listed;
        final long readUpTo;
        int unread;
        final TreeSet<Long> mentions;
        /** The latest change counted. */
        long seen;

        State(RoomStore.Listed listed) {
            this.listed = listed;
            this.readUpTo = listed.readUpTo();
            this.unread = listed.unread();
            this.mentions = new TreeSet<>(listed.mentions());
            this.seen = listed.latest();
        }

        SidebarEntry entry(SidebarEntry.Notice notice) {
            return new SidebarEntry(listed.name(), listed.kind(), listed.others(), listed.involvement(), unread,
                    mentions.size(), notice);
        }
    }
}
