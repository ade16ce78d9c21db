package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.support.MessageChanges.posted;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.MessageChanges;
import parley.support.NodePackages;
import parley.support.TestServer;

/**
 * Every kind of page Parley serves, in use, is valid HTML by the Nu HTML Checker (vnu, the W3C's checker, run
 * from the npm package vnu-jar): signed out and in, a room with everything a message can carry and a sidebar
 * with unread counts, a permalink, the edit page without JavaScript, search, account, admin, a refusal.
 */
class HtmlValidityTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyKindOfPageIsValidHtml() throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("first-run", server.client().get("/").body());
        Client alice = server.signedIn("alice"); // the admin
        Client bob = server.signedIn("bob");
        pages.put("signed-out", server.client().get("/").body());
        pages.put("refused-sign-in", server.client().postForm("/session", Map.of("name", "alice", "password", "wrong password")).body());
        Matcher invite = Pattern.compile("value=\"http[^\"]+(/join/[0-9a-f]+)\"").matcher(alice.get("/admin").body());
        assertThat(invite.find()).isTrue();
        pages.put("invite", server.client().get(invite.group(1)).body());

        posted(bob, "lobby", "hello");
        assertThat(alice.get("/rooms/lobby").statusCode()).isEqualTo(200);
        long link = posted(alice, "lobby", "The notes: https://example.com/notes and `code`, **bold**, > a quote");
        long code = posted(alice, "lobby", "```\nlocation /rooms/ {\n    proxy_buffering off;\n}\n```");
        long mention = posted(alice, "lobby", "@bob, can you look? <script>alert(1)</script>");
        MessageChanges.react(bob, "lobby", code, "👍", MessageChanges.HTMX);
        MessageChanges.edit(alice, "lobby", link, "The notes, edited: https://example.com/notes", MessageChanges.HTMX);
        posted(alice, "design", "@bob the mock-ups");
        assertThat(bob.get("/rooms/design").statusCode()).isEqualTo(200);
        posted(alice, "design", "and one more");
        bob.postForm("/rooms/design/involvement", Map.of("involvement", "nothing"));
        HttpResponse<String> direct = alice.postForm("/direct", Map.of("name", "bob"));
        String dm = direct.headers().firstValue("Location").orElseThrow().substring("/rooms/".length());
        alice.sayOk(dm, "psst");

        pages.put("home", bob.get("/").body());
        pages.put("room", bob.get("/rooms/lobby").body());
        pages.put("permalink", bob.get("/rooms/lobby/messages/" + mention).body());
        pages.put("older-messages", bob.get("/rooms/lobby?before=" + code).body());
        pages.put("edit-without-javascript", alice.get("/rooms/lobby/messages/" + link + "/edit").body());
        pages.put("search", bob.get("/search?q=notes").body());
        pages.put("search-refused", bob.get("/search?q=" + "x".repeat(501)).body());
        pages.put("account", bob.get("/account").body());
        pages.put("admin", alice.get("/admin").body());
        pages.put("not-found", bob.get("/rooms/lobby/messages/999999").body());
        assertThat(pages.get("room")).contains("class=\"mention me\"", "unread", "reactions", "edited");

        assertThat(check(pages)).as("the Nu HTML Checker's errors").isEmpty();
    }

    /** The checker's errors for each page, as "page: message" lines; empty when every page is valid. */
    static List<String> check(Map<String, String> pages) throws IOException, InterruptedException {
        Path vnu = NodePackages.module("vnu-jar", "build/dist/vnu.jar");
        Path dir = Files.createDirectories(Path.of("target", "html-validity"));
        List<String> command = new ArrayList<>(List.of(java(), "-jar", vnu.toString(), "--errors-only", "--format", "gnu"));
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Path file = dir.resolve(page.getKey() + ".html");
            Files.writeString(file, page.getValue());
            command.add(file.toAbsolutePath().toString());
        }
        Process vnuRun = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(vnuRun.getInputStream().readAllBytes());
        if (!vnuRun.waitFor(2, TimeUnit.MINUTES)) {
            vnuRun.destroyForcibly();
            throw new AssertionError("the checker did not finish in two minutes");
        }
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow(() -> new UncheckedIOException(
                new IOException("this JVM's own java command is not known")));
    }
}
