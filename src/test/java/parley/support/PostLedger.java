package parley.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every post a test sent to one room and how it was answered, to hold a node to its promise: a 2xx means the
 * message is stored exactly once and was delivered live; a 503 means nothing of it was stored (so a proxy may
 * send it to another node); nothing else is answered.
 */
public final class PostLedger {
    private final Client client;
    private final String room;
    private final String padding;
    private final List<String> accepted = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    /** Posts of about {@code length} characters each, so a disk fills in a few dozen. */
    public PostLedger(Client client, String room, int length) {
        this.client = client;
        this.room = room;
        this.padding = " " + "x".repeat(Math.max(0, length - 12));
    }

    /** Sends the next post (its text is unique) and returns its status, which must be 200 or 503. */
    public int post() {
        String text = "post " + (accepted.size() + refused.size()) + padding;
        HttpResponse<String> response = client.say(room, text);
        switch (response.statusCode()) {
            case 200 -> accepted.add(text);
            case 503 -> {
                assertThat(response.body()).as("a refused post's form").contains("could not save your message")
                        .doesNotContain("Exception");
                refused.add(text);
            }
            default -> throw new AssertionError("a post got " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode();
    }

    public void postOk() {
        assertThat(post()).as("post " + (accepted.size() + refused.size() - 1)).isEqualTo(200);
    }

    public List<String> accepted() {
        return accepted;
    }

    public List<String> refused() {
        return refused;
    }

    /** The stream got every accepted post, in order, once, and nothing that was refused. */
    public void assertDelivered(EventStream stream) {
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            delivered.add(Html.texts(stream.next("message", Duration.ofSeconds(10)).data()).getFirst());
        }
        stream.drain().stream().filter(e -> e.type().equals("message"))
                .forEach(e -> delivered.add(Html.texts(e.data()).getFirst()));
        assertThat(delivered).as("what the open stream delivered").isEqualTo(accepted);
    }

    /** The room's messages in the database at {@code jdbcUrl}, read on a connection of the test's own. */
    public void assertStored(String jdbcUrl) {
        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("SELECT text FROM messages WHERE room = ? ORDER BY id")) {
            s.setString(1, room);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(stored).as("what is stored: each accepted post once, no refused one").isEqualTo(accepted);
    }
}
