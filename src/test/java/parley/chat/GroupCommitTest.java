package parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parley.store.Author;
import parley.store.Database;
import parley.store.JdbcMessageStore;
import parley.store.Message;
import parley.store.MessageStore;
import parley.store.NewPost;
import parley.store.StoreUnavailable;
import parley.support.Poll;
import parley.support.RecordingBus;

/**
 * Posts that queue for a busy room's lock are stored together, in one transaction, on a real SQLite file: each
 * poster gets its own message, subscribers get them in change order, a refused transaction refuses each of its
 * posts at once, and a batch never holds two rooms.
 */
class GroupCommitTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Database database;
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final List<Message> published = new CopyOnWriteArrayList<>();
    private final RoomLocks locks = new RoomLocks();
    private final ExecutorService posters = Executors.newFixedThreadPool(6);
    private Posting posting;

    @BeforeEach
    void open() {
        database = Database.sqlite(dir.resolve("parley.db"));
        MessageStore store = countingBatches(new JdbcMessageStore(database));
        posting = new Posting(store, new RecordingBus(published), locks, Clock.systemUTC(), 2000, ChatMetrics.NONE);
    }

    @AfterEach
    void close() throws InterruptedException {
        posters.shutdownNow();
        posters.awaitTermination(5, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void postsQueuedForTheRoomAreStoredInOneTransactionAndPublishedInOrder() throws Exception {
        List<Future<Posted>> posted = new ArrayList<>();
        locks.holding("lobby", () -> {
            for (int i = 0; i < 5; i++) {
                String text = "message " + i;
                posted.add(posters.submit(() -> post(text)));
            }
            awaitWaiting(5); // all five queued behind this lock
            return null;
        });
        List<Long> ids = new ArrayList<>();
        for (Future<Posted> each : posted) {
            ids.add(each.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).messageId());
        }
        assertThat(batchSizes).containsExactly(5);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(published).extracting(Message::id).isSorted().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(published).extracting(Message::text)
                .containsExactlyInAnyOrder("message 0", "message 1", "message 2", "message 3", "message 4");
    }

    @Test
    void aPostAloneIsStoredAlone() {
        post("one");
        post("two");
        assertThat(batchSizes).containsExactly(1, 1);
        assertThat(published).extracting(Message::text).containsExactly("one", "two");
    }

    @Test
    void aTransactionTheStoreRefusesRefusesEachOfItsPostsAtOnceAndTheNextPostIsStored() throws Exception {
        List<Future<Posted>> posted = new ArrayList<>();
        locks.holding("lobby", () -> {
            for (String text : List.of("fine 1", "refused", "fine 2")) {
                posted.add(posters.submit(() -> post(text)));
            }
            awaitWaiting(3);
            return null;
        });
        List<String> outcomes = new ArrayList<>();
        for (Future<Posted> each : posted) {
            try {
                each.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                outcomes.add("stored");
            } catch (java.util.concurrent.ExecutionException e) {
                outcomes.add(e.getCause() instanceof StoreUnavailable ? "unavailable" : e.getCause().toString());
            }
        }
        // One answer each, none stored twice later: the poster's retry (with its key) is what sends them again.
        assertThat(outcomes).containsExactly("unavailable", "unavailable", "unavailable");
        assertThat(published).isEmpty();
        post("after");
        assertThat(new JdbcMessageStore(database).recent("lobby", 10)).extracting(Message::text).containsExactly("after");
    }

    @Test
    void aBatchIsOfOneRoomAndAnotherRoomOfTheSameLockWaitsForItsOwn() throws Exception {
        String other = java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> "room-" + i)
                .filter(room -> locks.stripe(room) == locks.stripe("lobby")).findFirst().orElseThrow();
        List<Future<Posted>> posted = new ArrayList<>();
        locks.holding("lobby", () -> {
            posted.add(posters.submit(() -> post("lobby", "a")));
            awaitWaiting(1);
            posted.add(posters.submit(() -> post(other, "b")));
            awaitWaiting(2);
            posted.add(posters.submit(() -> post("lobby", "c")));
            awaitWaiting(3);
            return null;
        });
        for (Future<Posted> each : posted) {
            each.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(batchSizes).containsExactlyInAnyOrder(2, 1); // lobby's two together, the other room's alone
        assertThat(published).extracting(Message::room).containsOnly("lobby", other);
    }

    @Test
    void aKeySentTwiceInOneTransactionStoresOnceAndAnswersTheSecondWithTheFirst() throws Exception {
        IdempotencyKey key = IdempotencyKey.of("session-1", "key-00000001");
        List<Future<Posted>> posted = new ArrayList<>();
        locks.holding("lobby", () -> {
            for (int i = 0; i < 2; i++) {
                posted.add(posters.submit(() -> posting.post(RoomEntry.unused("lobby"), Author.nickname("ann"), "hello",
                        Allowance.UNLIMITED, key)));
            }
            awaitWaiting(2);
            return null;
        });
        Posted first = posted.get(0).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        Posted second = posted.get(1).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(batchSizes).containsExactly(2);
        assertThat(List.of(first.repeat(), second.repeat())).containsExactlyInAnyOrder(false, true);
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(published).extracting(Message::text).containsExactly("hello");
    }

    private Posted post(String text) {
        return post("lobby", text);
    }

    private Posted post(String room, String text) {
        return posting.post(RoomEntry.unused(room), Author.nickname("ann"), text, Allowance.UNLIMITED);
    }

    /** The store, counting how many posts each transaction of posts stores; it refuses any with the text "refused". */
    private MessageStore countingBatches(MessageStore store) {
        return (MessageStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MessageStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("appendAll")) {
                        @SuppressWarnings("unchecked")
                        List<NewPost> posts = (List<NewPost>) args[0];
                        if (posts.stream().anyMatch(post -> post.text().equals("refused"))) {
                            throw new StoreUnavailable("refused for the test", null);
                        }
                        batchSizes.add(posts.size());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Waits, with a deadline, until {@code count} threads wait for the lobby's lock (the test holds it). */
    private void awaitWaiting(int count) {
        assertThat(Poll.until(() -> locks.waiting("lobby"), waiting -> waiting == count, DEADLINE)).isEqualTo(count);
    }
}
