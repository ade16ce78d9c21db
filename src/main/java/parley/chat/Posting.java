package parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import parley.live.Bus;
import parley.store.Appended;
import parley.store.Author;
import parley.store.MessageStore;
import parley.store.NewPost;
import parley.store.PostKey;

/** Posting a message: validate → store → publish. The one place a post is checked. */
public final class Posting {
    /** How long an idempotency key holds: a repeat within this returns the first answer. */
    public static final Duration KEYS_KEPT = Duration.ofDays(1);

    private final MessageStore store;
    private final Bus bus;
    private final Clock clock;
    private final int maxTextLength;
    private final ChatMetrics metrics;
    // Store and publish happen under the room's lock (shared with edits, deletes and reactions), several posts at once
    // when they queue for it.
    private final GroupCommit<Waiting> batches;

    public Posting(MessageStore store, Bus bus, Clock clock, int maxTextLength) {
        this(store, bus, new RoomLocks(), clock, maxTextLength, ChatMetrics.NONE);
    }

    /** @param metrics counts each post by how it ended, with how long it took */
    public Posting(MessageStore store, Bus bus, RoomLocks locks, Clock clock, int maxTextLength, ChatMetrics metrics) {
        this.store = store;
        this.batches = new GroupCommit<>(locks);
        this.bus = bus;
        this.clock = clock;
        this.maxTextLength = maxTextLength;
        this.metrics = metrics;
    }

    /** {@link #post(RoomEntry, Author, String, Allowance, IdempotencyKey)} without a key: never deduplicated. */
    public Posted post(RoomEntry room, Author author, String text, Allowance newRooms) {
        return post(room, author, text, newRooms, null);
    }

    /**
     * Stores the message durably, then hands it to the bus, which takes it to every stream of the room on
     * every node. Returns once it is stored: nothing waits for any stream to be written.
     *
     * <p>With a key, a post is stored at most once: when the key already answered the same post (same room,
     * same text) within {@link #KEYS_KEPT}, on any node, this stores and publishes nothing and returns that
     * answer as a {@linkplain Posted#repeat() repeat}. Only a stored post records its key, so a refused one
     * (too many, store unavailable) leaves it free for the retry.
     *
     * @param room     the room, as {@link Rooms#enter} let the author in
     * @param newRooms what the author may still start, asked only when this post would start its room
     * @param key      null for a post without one (it is then stored every time it is sent)
     * @throws InvalidInput      the text is empty, too long or has characters a message may not have, or the
     *                           post would start a room whose name is kept for direct rooms
     * @throws TooSoon           the post would start a room, and the author has started too many lately
     * @throws KeyReused         the key already answered a different post: nothing was stored
     * @throws parley.store.StoreUnavailable nothing was stored
     */
    public Posted post(RoomEntry room, Author author, String text, Allowance newRooms, IdempotencyKey key) {
        long start = System.nanoTime();
        ChatMetrics.Outcome outcome = ChatMetrics.Outcome.FAILED;
        try {
            Posted posted = checkStoreAndPublish(room, author, text, newRooms, key);
            outcome = ChatMetrics.Outcome.STORED;
            return posted;
        } catch (NoSuchRoom | InvalidInput | TooSoon | KeyReused e) {
            outcome = ChatMetrics.Outcome.REFUSED;
            throw e;
        } finally {
            metrics.posted(outcome, System.nanoTime() - start);
        }
    }

    private Posted checkStoreAndPublish(RoomEntry room, Author author, String text, Allowance newRooms,
                                        IdempotencyKey key) {
        String roomName = room.room();
        Author poster = room.member() ? author.member() : author;
        String checked = Rules.messageText(text, maxTextLength);
        if (!room.exists()) {
            Rooms.newRoomName(roomName);
        }
        // Only a message that would be stored counts as starting its room, so a typo costs nothing.
        if (newRooms.counts() && !room.exists()) {
            newRooms.take().ifPresent(wait -> {
                throw new TooSoon(wait);
            });
        }
        Set<String> mentionKeys = Mentions.candidates(checked); // outside the lock: it is the text's alone
        Waiting waiting = new Waiting(roomName, poster, checked, mentionKeys, key,
                key == null ? null : fingerprint(roomName, checked));
        batches.run(roomName, waiting, this::storeAndPublish);
        return waiting.outcome();
    }

    /**
     * Stores the waiting posts in one transaction and publishes each that was stored, in order, under their room's
     * lock. When the transaction fails, every post of it fails with that (nothing of any is stored) and answers
     * 503 at once: retrying them one by one would hold the lock for as many more failures, and could store twice a
     * post whose commit was not known to have failed. A post's own mistakes are refused before it queues.
     */
    private void storeAndPublish(List<Waiting> batch) {
        Instant now = clock.instant();
        List<Appended> appended;
        try {
            appended = store.appendAll(batch.stream().map(waiting -> waiting.post(now)).toList());
        } catch (RuntimeException e) {
            batch.forEach(waiting -> waiting.failed(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Waiting waiting = batch.get(i);
            try {
                waiting.settle(switch (appended.get(i)) {
                    case Appended.Stored stored -> {
                        bus.published(stored.message());
                        yield new Posted(waiting.room, stored.message().id(), false);
                    }
                    // The first post with this key was published when it was stored; a repeat publishes nothing.
                    case Appended.Earlier earlier -> repeatOf(earlier, waiting.room, waiting.fingerprint)
                            .orElseThrow(KeyReused::new);
                });
            } catch (RuntimeException e) {
                waiting.failed(e);
            }
        }
    }

    /** A checked post waiting for its room's lock, and then what became of it. */
    private static final class Waiting implements GroupCommit.Waiting {
        private final String room;
        private final Author poster;
        private final String text;
        private final Set<String> mentionKeys;
        private final IdempotencyKey key;
        private final String fingerprint;
        // Written by the batch that takes it, read by its own thread after the lock it was written under.
        private Posted posted;
        private RuntimeException failure;

        Waiting(String room, Author poster, String text, Set<String> mentionKeys, IdempotencyKey key, String fingerprint) {
            this.room = room;
            this.poster = poster;
            this.text = text;
            this.mentionKeys = mentionKeys;
            this.key = key;
            this.fingerprint = fingerprint;
        }

        @Override
        public String room() {
            return room;
        }

        NewPost post(Instant now) {
            return key == null
                    ? new NewPost(room, poster, text, now, mentionKeys, null, null)
                    : new NewPost(room, poster, text, now, mentionKeys, new PostKey(key.scope(), key.value(), fingerprint),
                            now.minus(KEYS_KEPT));
        }

        void settle(Posted posted) {
            this.posted = posted;
        }

        @Override
        public boolean settled() {
            return posted != null || failure != null;
        }

        @Override
        public void failed(RuntimeException failure) {
            this.failure = failure;
        }

        Posted outcome() {
            if (failure != null) {
                throw failure;
            }
            return posted;
        }
    }

    /**
     * The first answer to this post, when its key already stored it; for a post refused before it could be
     * stored (too many messages), which would otherwise tell the person to wait and send a message that is
     * already there. Empty when the key is unused, expired, or answered a different post.
     */
    public Optional<Posted> earlierAnswer(String room, String text, IdempotencyKey key) {
        String roomName;
        String checked;
        try {
            roomName = Rules.roomName(room);
            checked = Rules.messageText(text, maxTextLength);
        } catch (NoSuchRoom | InvalidInput neverStored) {
            return Optional.empty();
        }
        return store.earlier(key.scope(), key.value(), clock.instant().minus(KEYS_KEPT))
                .flatMap(earlier -> repeatOf(earlier, roomName, fingerprint(roomName, checked)));
    }

    /** Forgets keys older than {@link #KEYS_KEPT}; returns how many. A post never waits for this. */
    public int forgetExpiredKeys() {
        return store.forgetKeys(clock.instant().minus(KEYS_KEPT));
    }

    private static Optional<Posted> repeatOf(Appended.Earlier earlier, String room, String fingerprint) {
        return earlier.fingerprint().equals(fingerprint)
                ? Optional.of(new Posted(room, earlier.messageId(), true))
                : Optional.empty();
    }

    /** What a key was used for: the room and the text as stored (so "hi" and "hi " are the same post). */
    private static String fingerprint(String room, String text) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(room.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n'); // never in a room name, so room and text cannot run into each other
            sha256.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The longest text a message may have, in characters (the compose form says so too). */
    public int maxTextLength() {
        return maxTextLength;
    }
}
