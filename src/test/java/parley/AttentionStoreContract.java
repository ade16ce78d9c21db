package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import parley.chat.Mentions;
import parley.store.Account;
import parley.store.AccountStore;
import parley.store.Author;
import parley.store.Database;
import parley.store.Involvement;
import parley.store.JdbcMessageStore;
import parley.store.Message;
import parley.store.MessageStore;
import parley.store.RoomKind;
import parley.store.RoomStore;

/**
 * What the store keeps for attention, the same on SQLite and PostgreSQL: mentions stored with a post and
 * replaced by an edit, read positions that only move forward and only to one of the room's changes, the
 * counts a sidebar shows (capped), involvement, and a database from before all this.
 */
abstract class AttentionStoreContract extends EngineContract {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    Database database;
    MessageStore messages;
    RoomStore rooms;
    AccountStore accounts;

    @BeforeEach
    void open() {
        database = openDatabase(emptyDatabaseUrl());
        messages = new JdbcMessageStore(database);
        rooms = new RoomStore(database);
        accounts = new AccountStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    Account account(String name) {
        return accounts.create(name, parley.chat.Names.skeleton(name), "hash", NOW).orElseThrow();
    }

    static Author as(Account account) {
        return new Author(account.id(), account.name());
    }

    RoomStore.Listed listed(Account account, String room) {
        return rooms.of(account.id(), room).orElseThrow();
    }

    @Test
    void aPostMentionsTheMembersItNamesAndAnEditReplacesThem() {
        Account ann = account("Ann");
        Account bob = account("bob");
        account("cid"); // an account, never a member of the room: @cid mentions nobody
        rooms.create("lobby", RoomKind.OPEN, ann.id(), NOW);
        rooms.join("lobby", bob.id(), NOW);
        String text = "@BOB and @cid and @Ann, look";
        Message posted = messages.append("lobby", as(ann), text, NOW, Mentions.candidates(text));
        assertThat(posted.mentions()).extracting(Message.Mention::name).containsExactly("Ann", "bob");
        assertThat(messages.message("lobby", posted.id()).orElseThrow().mentions()).isEqualTo(posted.mentions());
        assertThat(listed(bob, "lobby").mentions()).containsExactly(posted.id());
        assertThat(listed(ann, "lobby").mentions()).as("one's own mention is not news").isEmpty();

        Message edited = messages.edit("lobby", posted.id(), "nobody now", NOW, Mentions.candidates("nobody now")).orElseThrow();
        assertThat(edited.mentions()).isEmpty();
        assertThat(listed(bob, "lobby").mentions()).isEmpty();
        assertThat(listed(bob, "lobby").unread()).isEqualTo(1);

        messages.edit("lobby", posted.id(), "@bob again", NOW, Mentions.candidates("@bob again"));
        assertThat(listed(bob, "lobby").mentions()).containsExactly(posted.id());
        messages.delete("lobby", posted.id(), NOW);
        assertThat(listed(bob, "lobby").mentions()).isEmpty();
        assertThat(listed(bob, "lobby").unread()).as("a deleted message is not unread").isZero();
    }

    @Test
    void aReadPositionMovesForwardToTheRoomsOwnChangesOnly() {
        Account ann = account("ann");
        Account bob = account("bob");
        rooms.create("lobby", RoomKind.OPEN, ann.id(), NOW);
        rooms.create("other", RoomKind.OPEN, ann.id(), NOW);
        rooms.join("lobby", bob.id(), NOW);
        long first = messages.append("lobby", as(ann), "one", NOW).id();
        long elsewhere = messages.append("other", as(ann), "elsewhere", NOW).id();
        long second = messages.append("lobby", as(ann), "two", NOW).id();
        messages.append("lobby", as(bob), "bob's own", NOW);
        assertThat(listed(bob, "lobby").unread()).isEqualTo(2);

        assertThat(rooms.markRead("lobby", bob.id(), elsewhere)).isEqualTo(RoomStore.Read.NOT_A_CHANGE);
        assertThat(rooms.markRead("lobby", bob.id(), second + 1000)).isEqualTo(RoomStore.Read.NOT_A_CHANGE);
        assertThat(listed(bob, "lobby").readUpTo()).as("nothing changed").isLessThan(first);

        assertThat(rooms.markRead("lobby", bob.id(), first)).isEqualTo(RoomStore.Read.MOVED);
        assertThat(listed(bob, "lobby").unread()).isEqualTo(1);
        assertThat(rooms.markRead("lobby", bob.id(), second)).isEqualTo(RoomStore.Read.MOVED);
        assertThat(rooms.markRead("lobby", bob.id(), first)).as("never back").isEqualTo(RoomStore.Read.ALREADY);
        assertThat(listed(bob, "lobby").readUpTo()).isEqualTo(second);
        assertThat(listed(bob, "lobby").unread()).isZero();
        Account cid = account("cid");
        assertThat(rooms.markRead("lobby", cid.id(), second)).as("not a member: nothing to move").isEqualTo(RoomStore.Read.ALREADY);
    }

    @Test
    void theCountStopsAtAHundredAndANewMemberHasReadWhatWasThere() {
        Account ann = account("ann");
        Account bob = account("bob");
        rooms.create("busy", RoomKind.OPEN, ann.id(), NOW);
        for (int i = 0; i < 30; i++) {
            messages.append("busy", as(ann), "before bob " + i, NOW);
        }
        rooms.join("busy", bob.id(), NOW);
        assertThat(listed(bob, "busy").unread()).as("what was there when he joined is not news").isZero();
        for (int i = 0; i < RoomStore.COUNTED + 20; i++) {
            messages.append("busy", as(ann), "after bob " + i, NOW);
        }
        assertThat(listed(bob, "busy").unread()).isEqualTo(RoomStore.COUNTED);
        assertThat(listed(bob, "busy").latest()).isEqualTo(messages.latestId("busy"));
    }

    @Test
    void involvementIsEverythingInADirectRoomAndMentionsElsewhereUntilChosen() {
        Account ann = account("ann");
        Account bob = account("bob");
        rooms.create("lobby", RoomKind.OPEN, ann.id(), NOW);
        String direct = rooms.direct(ann.id() + "," + bob.id(), "dm-test", List.of(ann.id(), bob.id()), NOW);
        assertThat(listed(ann, "lobby").involvement()).isEqualTo(Involvement.MENTIONS);
        assertThat(listed(bob, direct).involvement()).isEqualTo(Involvement.EVERYTHING);
        assertThat(rooms.involve("lobby", ann.id(), Involvement.NOTHING)).isTrue();
        assertThat(listed(ann, "lobby").involvement()).isEqualTo(Involvement.NOTHING);
        assertThat(rooms.involve("lobby", bob.id(), Involvement.NOTHING)).as("not a member").isFalse();
    }

    /** A database from before attention: every member has read everything, and old @names mention nobody. */
    @Test
    void aDatabaseFromBeforeAttentionShowsNothingUnread() throws Exception {
        String old = emptyDatabaseUrl();
        Flyway.configure().dataSource(old, null, null).locations("classpath:db/migration/" + vendor())
                .target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(old); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (name, name_key, password_hash, role, created_at) VALUES "
                    + "('ann', 'ann', 'h', 'admin', 1), ('bob', 'bob', 'h', 'member', 1)");
            s.executeUpdate("INSERT INTO rooms (name, created_at, last_active_at, message_count, kind, direct_key) VALUES "
                    + "('lobby', 1, 1, 2, 'open', NULL), ('dm-x', 1, 1, 0, 'direct', 'k')");
            s.executeUpdate("INSERT INTO memberships (room, account_id, joined_at) SELECT 'lobby', id, 1 FROM accounts");
            s.executeUpdate("INSERT INTO memberships (room, account_id, joined_at) SELECT 'dm-x', id, 1 FROM accounts");
            s.executeUpdate("INSERT INTO changes (room, message_id, kind, changed_at) VALUES ('lobby', NULL, 'post', 1), ('lobby', NULL, 'post', 2)");
            s.executeUpdate("INSERT INTO messages (id, room, author, author_id, text, sent_at, version) "
                    + "SELECT id, 'lobby', 'ann', (SELECT id FROM accounts WHERE name = 'ann'), '@bob hello', changed_at, id FROM changes");
        }
        try (Database upgraded = openDatabase(old)) {
            RoomStore upgradedRooms = new RoomStore(upgraded);
            long bob = new AccountStore(upgraded).byKey("bob").orElseThrow().id();
            RoomStore.Listed lobby = upgradedRooms.of(bob, "lobby").orElseThrow();
            assertThat(lobby.unread()).isZero();
            assertThat(lobby.mentions()).isEmpty();
            assertThat(lobby.involvement()).isEqualTo(Involvement.MENTIONS);
            assertThat(upgradedRooms.of(bob, "dm-x").orElseThrow().involvement()).isEqualTo(Involvement.EVERYTHING);
            Message old1 = new JdbcMessageStore(upgraded).recent("lobby", 10).getFirst();
            assertThat(old1.mentions()).isEmpty();
            assertThat(Set.of(old1.text())).containsExactly("@bob hello");
        }
    }
}
