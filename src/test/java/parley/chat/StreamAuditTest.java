package parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import parley.live.Hub;
import parley.live.LiveFeed;
import parley.live.Renderer;
import parley.live.Subscriber;
import parley.store.Account;
import parley.store.AccountStore;
import parley.store.Database;
import parley.store.Message;
import parley.store.SessionStore;

/** The audit ends the streams whose session ended without this node hearing of it, and no other. */
class StreamAuditTest {
    private static final Renderer PLAIN = new Renderer() {
        @Override
        public String message(Message message) {
            return message.text();
        }

        @Override
        public String update(Message message) {
            return message.text();
        }

        @Override
        public String sidebarEntry(parley.live.SidebarEntry entry) {
            return entry.room();
        }

        @Override
        public String sidebar(List<parley.live.SidebarEntry> entries, String current) {
            return current;
        }

        @Override
        public String typing(List<String> names) {
            return String.join(",", names);
        }

        @Override
        public String presence(List<String> names) {
            return String.join(",", names);
        }
    };

    @Test
    void aStreamWhoseSessionIsGoneIsEndedAndTheOthersKeepGoing(@TempDir Path dir) {
        try (Database database = Database.sqlite(dir.resolve("p.db"))) {
            Account ann = new AccountStore(database).create("ann", "ann", "hash", Instant.now()).orElseThrow();
            SessionStore sessions = new SessionStore(database);
            long kept = sessions.start(ann.id(), "kept-hash", "laptop", Instant.now());
            long ended = sessions.start(ann.id(), "ended-hash", "phone", Instant.now());
            LiveFeed feed = new LiveFeed(new Hub(), PLAIN, 1000, 16);
            Subscriber laptop = feed.join("lobby", "ann", kept, ann.id());
            Subscriber phone = feed.join("lobby", "ann", ended, ann.id());
            // Ended on another node, whose word never came: the row is gone, the stream here is still open.
            sessions.end(ended, ann.id());

            assertThat(StreamAudit.audit(feed, sessions)).isEqualTo(1);
            assertThat(phone.isClosed()).as("the ended session's stream").isTrue();
            assertThat(laptop.isClosed()).as("the live session's stream").isFalse();
            phone.leave(); // as its writer does once it has seen the close and ended the response
            assertThat(StreamAudit.audit(feed, sessions)).as("nothing more to end").isZero();
        }
    }
}
