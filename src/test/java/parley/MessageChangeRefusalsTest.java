package parley;

import static org.assertj.core.api.Assertions.assertThat;
import static parley.support.MessageChanges.HTMX;
import static parley.support.MessageChanges.deletion;
import static parley.support.MessageChanges.itemOf;
import static parley.support.MessageChanges.nextChange;
import static parley.support.MessageChanges.posted;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import parley.chat.NoSuchRoom;
import parley.support.Client;
import parley.support.EventStream;
import parley.support.EventStream.Event;
import parley.support.Html;
import parley.support.MessageChanges;
import parley.support.TestServer;

/**
 * Every change that may not be made is refused with a status and words a person can act on, never a 5xx, and
 * changes nothing: no reader's stream gets anything and the page shows the message as it was. Without htmx
 * the refusal is a page; with htmx, the message's item again with the reason under it (nothing, for a
 * message that is gone), since that is what takes the item's place.
 */
class MessageChangeRefusalsTest {
    static TestServer server;
    static Client admin;
    static Client alice;
    static Client bob;
    static Client eve;

    static final String NOT_YOURS_TO_EDIT = "Only the person who wrote a message can edit it.";
    static final String NOT_YOURS_TO_DELETE = "Only the person who wrote a message, or an admin, can delete it.";
    static final String DELETED = "That message was deleted, so it can no longer be changed.";
    static final String NO_SUCH_MESSAGE = "has no message with that id";
    static final String PALETTE = "Pick a reaction from the palette: 👍 ❤️ 😄 🎉 😮 👀.";

    @BeforeAll
    static void start() {
        server = TestServer.start("--limits", "off");
        admin = server.signedIn("admin"); // the first account is the admin
        alice = server.signedIn("alice");
        bob = server.signedIn("bob");
        eve = server.signedIn("eve");
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    /** {@code reader}'s stream of the room, past its reset. */
    static EventStream watch(Client reader, String room) {
        EventStream stream = reader.events(room);
        assertThat(nextChange(stream).type()).isEqualTo("reset");
        return stream;
    }

    /** Nothing reached the stream: the next change it gets is a message {@code poster} posts now. */
    static void nothingSent(EventStream stream, Client poster, String room) {
        poster.sayOk(room, "after the refusals");
        Event next = nextChange(stream);
        assertThat(next.type()).as("the first change after the refusals: %s", next).isEqualTo("message");
        assertThat(Html.texts(next.data())).containsExactly("after the refusals");
    }

    /** The page shows message {@code id} with {@code text}, unedited and without reactions. */
    static void unchanged(Client reader, String room, long id, String text) {
        String item = itemOf(reader.get("/rooms/" + room).body(), id);
        assertThat(Html.texts(item)).containsExactly(text);
        assertThat(item).doesNotContain("edited", "class=\"reactions\"", "class=\"error\"");
    }

    static void isPage(HttpResponse<String> response, int status, String says) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body().strip()).startsWith("<!DOCTYPE html>").contains(says);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    }

    /** An htmx answer: message {@code id}'s item as its viewer sees it, with the reason (beginning with {@code says}) under it. */
    static String isItemWithError(HttpResponse<String> response, int status, long id, String says) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).startsWith("<li id=\"m-" + id + "\" class=\"message")
                .doesNotContain("data-hx-swap-oob", "<!DOCTYPE")
                .contains("<p class=\"error\" role=\"alert\">" + says)
                .endsWith("</li>");
        return response.body();
    }

    @Test
    void someoneElsesMessageCannotBeEditedOrDeleted() {
        long id = posted(alice, "not-yours", "alice wrote this");
        try (EventStream stream = watch(alice, "not-yours")) {
            isPage(MessageChanges.edit(bob, "not-yours", id, "bob wrote this"), 403, NOT_YOURS_TO_EDIT);
            isPage(MessageChanges.editForm(bob, "not-yours", id), 403, NOT_YOURS_TO_EDIT);
            isPage(MessageChanges.delete(bob, "not-yours", id), 403, NOT_YOURS_TO_DELETE);

            String edit = isItemWithError(MessageChanges.edit(bob, "not-yours", id, "bob wrote this", HTMX), 403, id,
                    NOT_YOURS_TO_EDIT);
            assertThat(Html.texts(edit)).containsExactly("alice wrote this");
            assertThat(edit).as("bob's controls: react, not edit or delete").contains("class=\"controls\"")
                    .doesNotContain("class=\"edit\"", "class=\"delete\"");
            isItemWithError(MessageChanges.delete(bob, "not-yours", id, HTMX), 403, id, NOT_YOURS_TO_DELETE);
            isItemWithError(MessageChanges.editForm(bob, "not-yours", id, HTMX), 403, id, NOT_YOURS_TO_EDIT);
            nothingSent(stream, alice, "not-yours");
        }
        unchanged(bob, "not-yours", id, "alice wrote this");
    }

    @Test
    void anAdminMayDeleteSomeoneElsesMessageButNotEditIt() {
        long id = posted(alice, "moderated", "needs a moderator");
        try (EventStream stream = watch(bob, "moderated")) {
            isPage(MessageChanges.edit(admin, "moderated", id, "the admin's words"), 403, NOT_YOURS_TO_EDIT);
            isPage(MessageChanges.editForm(admin, "moderated", id), 403, NOT_YOURS_TO_EDIT);
            String item = isItemWithError(MessageChanges.edit(admin, "moderated", id, "the admin's words", HTMX), 403, id,
                    NOT_YOURS_TO_EDIT);
            assertThat(item).as("the admin's controls: delete, not edit").contains("class=\"delete\"")
                    .doesNotContain("class=\"edit\"");
            isItemWithError(MessageChanges.editForm(admin, "moderated", id, HTMX), 403, id, NOT_YOURS_TO_EDIT);
            nothingSent(stream, alice, "moderated");
            unchanged(bob, "moderated", id, "needs a moderator");

            HttpResponse<String> deleted = MessageChanges.delete(admin, "moderated", id);
            assertThat(deleted.statusCode()).isEqualTo(303);
            assertThat(deleted.headers().firstValue("Location")).hasValue("/rooms/moderated");
            Event update = nextChange(stream);
            assertThat(update.type()).isEqualTo("update");
            assertThat(update.data()).isEqualTo(deletion(id));
        }
        assertThat(Html.messageIds(bob.get("/rooms/moderated").body())).doesNotContain(id);
    }

    /** Each way to change message {@code id} of the room, as {@code who} sends it with {@code headers}. */
    static Map<String, Supplier<HttpResponse<String>>> everyChange(Client who, String room, String id, String... headers) {
        Map<String, Supplier<HttpResponse<String>>> changes = new java.util.LinkedHashMap<>();
        changes.put("edit", () -> MessageChanges.edit(who, room, id, "new text", headers));
        changes.put("delete", () -> MessageChanges.delete(who, room, id, headers));
        changes.put("react", () -> MessageChanges.react(who, room, id, "👍", headers));
        String[] withAccept = java.util.Arrays.copyOf(headers, headers.length + 2);
        withAccept[headers.length] = "Accept";
        withAccept[headers.length + 1] = "text/html";
        changes.put("edit form", () -> MessageChanges.editForm(who, room, id, withAccept));
        return changes;
    }

    @Test
    void anIdOfAnotherRoomNoMessageOrNoIdAtAllIsA404ThatSaysSo() {
        long here = posted(alice, "ids-here", "here");
        long elsewhere = posted(alice, "ids-elsewhere", "elsewhere");
        try (EventStream hereStream = watch(bob, "ids-here"); EventStream elsewhereStream = watch(bob, "ids-elsewhere")) {
            for (String id : List.of(String.valueOf(elsewhere), "99999999", "0")) {
                everyChange(alice, "ids-here", id).forEach((change, request) ->
                        isPage(request.get(), 404, NO_SUCH_MESSAGE));
                everyChange(alice, "ids-here", id, HTMX).forEach((change, request) -> {
                    HttpResponse<String> response = request.get();
                    assertThat(response.statusCode()).as("%s %s", change, id).isEqualTo(404);
                    assertThat(response.body()).as("no such message to show: %s %s", change, id).isEmpty();
                });
            }
            for (String id : List.of("abc", "-1", "1.5", "99999999999999999999", "0x10", "%F0%9F%91%8D")) {
                everyChange(alice, "ids-here", id).forEach((change, request) ->
                        isPage(request.get(), 404, NO_SUCH_MESSAGE));
                everyChange(alice, "ids-here", id, HTMX).forEach((change, request) -> {
                    HttpResponse<String> response = request.get();
                    assertThat(response.statusCode()).as("%s %s", change, id).isEqualTo(404);
                    assertThat(response.body()).as("%s %s", change, id).doesNotContain("<!DOCTYPE").contains(NO_SUCH_MESSAGE);
                });
            }
            nothingSent(hereStream, alice, "ids-here");
            nothingSent(elsewhereStream, alice, "ids-elsewhere");
        }
        unchanged(bob, "ids-here", here, "here");
        unchanged(bob, "ids-elsewhere", elsewhere, "elsewhere");
    }

    @Test
    void aMessageInARoomTheViewerCannotReadGetsTheOneHiddenRoom404() {
        assertThat(bob.postForm("/rooms", Map.of("name", "vault", "kind", "private")).statusCode()).isEqualTo(303);
        assertThat(bob.postForm("/rooms", Map.of("name", "other-vault", "kind", "private")).statusCode()).isEqualTo(303);
        long secret = posted(bob, "vault", "the combination is 1234");
        // What eve gets from any other hidden room: a page without htmx, the words alone with it.
        String page = eve.get("/rooms/other-vault", "Accept", "text/html").body();
        String words = eve.postForm("/rooms/other-vault/messages", Map.of("text", "let me in"), HTMX).body();
        assertThat(page).contains(NoSuchRoom.HIDDEN);
        assertThat(words).isEqualTo(NoSuchRoom.HIDDEN + "\n");

        try (EventStream stream = watch(bob, "vault")) {
            for (String id : List.of(String.valueOf(secret), "99999999", "abc")) {
                everyChange(eve, "vault", id).forEach((change, request) -> {
                    HttpResponse<String> response = request.get();
                    assertThat(response.statusCode()).as("%s %s", change, id).isEqualTo(404);
                    assertThat(response.body()).as("%s %s: the same page as any hidden room's", change, id).isEqualTo(page);
                });
                everyChange(eve, "vault", id, HTMX).forEach((change, request) -> {
                    HttpResponse<String> response = request.get();
                    assertThat(response.statusCode()).as("%s %s", change, id).isEqualTo(404);
                    assertThat(response.body()).as("%s %s: the same words as any hidden room's", change, id).isEqualTo(words);
                });
            }
            nothingSent(stream, bob, "vault");
        }
        assertThat(page).doesNotContain("vault", "1234");
        unchanged(bob, "vault", secret, "the combination is 1234");
    }

    @Test
    void aDeletedMessageIsGoneForEveryChangeAndItsPermalinkIsA404() {
        long id = posted(alice, "deleted", "soon gone");
        long stays = posted(alice, "deleted", "stays");
        assertThat(MessageChanges.delete(alice, "deleted", id, HTMX).statusCode()).isEqualTo(200);
        try (EventStream stream = watch(bob, "deleted")) {
            Map<String, HttpResponse<String>> plain = new HashMap<>();
            everyChange(alice, "deleted", String.valueOf(id)).forEach((change, request) -> plain.put(change, request.get()));
            plain.forEach((change, response) -> isPage(response, 410, DELETED));
            everyChange(alice, "deleted", String.valueOf(id), HTMX).forEach((change, request) -> {
                HttpResponse<String> response = request.get();
                assertThat(response.statusCode()).as(change).isEqualTo(410);
                assertThat(response.body()).as("%s: the item goes", change).isEmpty();
            });
            // Someone else who still shows it (their page has not had the update yet) is told the same.
            isPage(MessageChanges.react(bob, "deleted", id, "😮"), 410, DELETED);
            isPage(MessageChanges.delete(admin, "deleted", id), 410, DELETED);

            HttpResponse<String> permalink = bob.get("/rooms/deleted/messages/" + id, "Accept", "text/html");
            isPage(permalink, 404, "#deleted has no message with that link");
            HttpResponse<String> fragment = bob.get("/rooms/deleted/messages/" + id, HTMX);
            assertThat(fragment.statusCode()).isEqualTo(404);
            assertThat(fragment.body()).isEmpty();
            nothingSent(stream, alice, "deleted");
        }
        String page = bob.get("/rooms/deleted").body();
        assertThat(Html.texts(page)).containsExactly("stays", "after the refusals");
        assertThat(Html.messageIds(page)).contains(stays).doesNotContain(id);
        assertThat(page).doesNotContain("soon gone");
    }

    @Test
    void anEmptyBlankOrTooLongEditIsRefusedAndTheFormKeepsWhatWasTyped() {
        long id = posted(alice, "bad-edits", "the original");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "Type a message first.");
        cases.put("  \n\t  \r\n ", "Type a message first.");
        cases.put("\u200B\u2060", "Type a message first: this one has nothing visible in it.");
        cases.put("x".repeat(2001), "That message is 2001 characters long; the limit is 2000.");
        cases.put("ring \u0007 ring", "control characters other than line breaks and tabs");
        try (EventStream stream = watch(bob, "bad-edits")) {
            cases.forEach((typed, says) -> {
                HttpResponse<String> page = MessageChanges.edit(alice, "bad-edits", id, typed);
                isPage(page, 422, says);
                assertThat(page.body()).contains("Edit your message in #bad-edits")
                        .contains("aria-describedby=\"edit-error-" + id + "\">" + typed + "</textarea>")
                        .contains("<p id=\"edit-error-" + id + "\" class=\"error\" role=\"alert\">");

                HttpResponse<String> inline = MessageChanges.edit(alice, "bad-edits", id, typed, HTMX);
                assertThat(inline.statusCode()).isEqualTo(422);
                assertThat(inline.body()).startsWith("<li id=\"m-" + id + "\" class=\"message editing\" data-message-id=\""
                                + id + "\" data-author=\"alice\">")
                        .contains(">" + typed + "</textarea>", says, "data-hx-post=\"/rooms/bad-edits/messages/" + id + "\"")
                        .doesNotContain("<!DOCTYPE");
            });
            HttpResponse<String> noField = MessageChanges.edit(alice, "bad-edits", id, null, HTMX);
            assertThat(noField.statusCode()).isEqualTo(422);
            assertThat(noField.body()).contains("Type a message first.", "></textarea>");
            nothingSent(stream, alice, "bad-edits");
        }
        unchanged(bob, "bad-edits", id, "the original");
    }

    @Test
    void aReactionOutsideThePaletteMissingOrOfSeveralEmojiIsRefused() {
        long id = posted(alice, "bad-reactions", "react properly");
        List<String> refused = new ArrayList<>(List.of("🤡", "", "👍👍", "👍❤️", "👍 ", " 👍", "thumbs up", "+1", "\uFE0F",
                "<b>👍</b>", "&#128077;", "❤️❤️", "👍🏽"));
        refused.add(null); // no emoji field at all
        try (EventStream stream = watch(bob, "bad-reactions")) {
            for (String emoji : refused) {
                isPage(MessageChanges.react(bob, "bad-reactions", id, emoji), 422, PALETTE);
                String item = isItemWithError(MessageChanges.react(bob, "bad-reactions", id, emoji, HTMX), 422, id, PALETTE);
                assertThat(item).as("%s", emoji).doesNotContain("class=\"reactions\"");
            }
            nothingSent(stream, alice, "bad-reactions");
        }
        unchanged(bob, "bad-reactions", id, "react properly");
    }

    @Test
    void theWrongMethodIsA405ThatSaysWhichWorkAndNoSessionIsA401() {
        long id = posted(alice, "methods", "hello");
        String base = "/rooms/methods/messages/" + id;
        for (String path : List.of(base + "/delete", base + "/reactions")) {
            HttpResponse<String> got = alice.get(path, "Accept", "text/html");
            assertThat(got.statusCode()).as(path).isEqualTo(405);
            assertThat(got.headers().firstValue("Allow")).as(path).hasValue("POST");
        }
        HttpResponse<String> postToForm = alice.postForm(base + "/edit", Map.of("text", "x"));
        assertThat(postToForm.statusCode()).isEqualTo(405);
        assertThat(postToForm.headers().firstValue("Allow")).hasValue("GET, HEAD");

        Client stranger = server.client();
        for (HttpResponse<String> got : List.of(MessageChanges.edit(stranger, "methods", id, "x", HTMX),
                MessageChanges.delete(stranger, "methods", id, HTMX), MessageChanges.react(stranger, "methods", id, "👍", HTMX))) {
            assertThat(got.statusCode()).isEqualTo(401);
            assertThat(got.body()).contains("You are not signed in");
        }
        HttpResponse<String> form = MessageChanges.editForm(stranger, "methods", id, "Accept", "text/html");
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(form.headers().firstValue("Location")).hasValue("/?next=%2Frooms%2Fmethods%2Fmessages%2F" + id + "%2Fedit");
        unchanged(alice, "methods", id, "hello");
    }

    @Test
    void anEditAndAReactionRacingADeleteEitherLandBeforeItOrAreRefusedAndNeverShowOnATombstone() throws Exception {
        int rounds = 20;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ids.add(posted(alice, "race", "race " + i));
        }
        long seen;
        Map<Long, List<Integer>> statuses = new HashMap<>();
        List<Event> live = new ArrayList<>();
        try (EventStream stream = watch(bob, "race");
                ExecutorService threads = Executors.newFixedThreadPool(3)) {
            seen = ids.getLast();
            for (int i = 0; i < rounds; i++) {
                long id = ids.get(i);
                String edited = "edited " + i;
                CyclicBarrier together = new CyclicBarrier(3);
                Future<HttpResponse<String>> edit = threads.submit(() -> {
                    together.await();
                    return MessageChanges.edit(alice, "race", id, edited, HTMX);
                });
                Future<HttpResponse<String>> react = threads.submit(() -> {
                    together.await();
                    return MessageChanges.react(bob, "race", id, "🎉", HTMX);
                });
                Future<HttpResponse<String>> delete = threads.submit(() -> {
                    together.await();
                    return MessageChanges.delete(alice, "race", id, HTMX);
                });
                assertThat(delete.get().statusCode()).as("the delete always wins its own way").isEqualTo(200);
                for (HttpResponse<String> lost : List.of(edit.get(), react.get())) {
                    assertThat(lost.statusCode()).as(lost.body()).isIn(200, 410);
                    if (lost.statusCode() == 410) {
                        assertThat(lost.body()).isEmpty();
                    }
                }
                statuses.put(id, List.of(edit.get().statusCode(), react.get().statusCode()));
            }
            alice.sayOk("race", "after the race");
            for (Event event = nextChange(stream); !event.type().equals("message"); event = nextChange(stream)) {
                live.add(event);
            }
        }
        assertThat(live).extracting(Event::type).containsOnly("update");
        assertThat(live).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < rounds; i++) {
            long id = ids.get(i);
            List<String> updates = live.stream().map(Event::data).filter(d -> d.startsWith("<li id=\"m-" + id + "\"")).toList();
            long landed = statuses.get(id).stream().filter(s -> s == 200).count();
            assertThat(updates).as("message %d (%s): what landed, then its delete, then nothing", id, statuses.get(id))
                    .hasSize((int) landed + 1).endsWith(deletion(id));
            if (statuses.get(id).getFirst() == 200) {
                String edited = "edited " + i;
                assertThat(updates).anySatisfy(u -> assertThat(Html.texts(u)).containsExactly(edited));
            } else {
                assertThat(updates).noneSatisfy(u -> assertThat(u).contains("edited"));
            }
        }
        // A reader who was away is told each message went, and sees no edit of a tombstone.
        try (EventStream resumed = bob.events("race", "Last-Event-ID", String.valueOf(seen))) {
            List<String> replay = new ArrayList<>();
            for (Event event = nextChange(resumed); !event.type().equals("message"); event = nextChange(resumed)) {
                replay.add(event.data());
            }
            assertThat(replay).containsExactlyElementsOf(ids.stream().map(MessageChanges::deletion).toList());
        }
        String page = bob.get("/rooms/race").body();
        assertThat(Html.texts(page)).containsExactly("after the race");
        for (long id : ids) {
            assertThat(bob.get("/rooms/race/messages/" + id, "Accept", "text/html").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void twoDeletesAtOnceDeleteOnceAndTheSecondIsTold() throws Exception {
        int rounds = 10;
        try (EventStream stream = watch(bob, "double-delete");
                ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long id = posted(alice, "double-delete", "twice " + i);
                ids.add(id);
                assertThat(nextChange(stream).type()).isEqualTo("message");
                CyclicBarrier together = new CyclicBarrier(2);
                Future<HttpResponse<String>> byAlice = threads.submit(() -> {
                    together.await();
                    return MessageChanges.delete(alice, "double-delete", id, HTMX);
                });
                Future<HttpResponse<String>> byAdmin = threads.submit(() -> {
                    together.await();
                    return MessageChanges.delete(admin, "double-delete", id, HTMX);
                });
                assertThat(List.of(byAlice.get().statusCode(), byAdmin.get().statusCode()))
                        .as("one deletes, the other is told it is gone").containsExactlyInAnyOrder(200, 410);
                Event update = nextChange(stream);
                assertThat(update.data()).isEqualTo(deletion(id));
            }
            nothingSent(stream, alice, "double-delete");
            assertThat(Html.messageIds(bob.get("/rooms/double-delete").body())).doesNotContainAnyElementsOf(ids);
        }
    }

    @Test
    void changesCountAgainstThePostingAllowanceAndTooManyIsA429ThatSaysWhenToTryAgain() {
        // Three a day: no token comes back while the test runs.
        try (TestServer limited = TestServer.start("--posts-per-person", "3/1d")) {
            Client ann = limited.signedIn("ann");
            long id = posted(ann, "allowance", "one of three");
            assertThat(MessageChanges.edit(ann, "allowance", id, "two of three", HTMX).statusCode()).isEqualTo(200);
            assertThat(MessageChanges.react(ann, "allowance", id, "👍", HTMX).statusCode()).isEqualTo(200);

            HttpResponse<String> edit = MessageChanges.edit(ann, "allowance", id, "four of three", HTMX);
            assertThat(edit.statusCode()).isEqualTo(429);
            assertThat(edit.headers().firstValue("Retry-After")).isPresent();
            assertThat(edit.body()).contains("You are changing messages faster than Parley allows. Wait ", "four of three");
            isItemWithError(MessageChanges.react(ann, "allowance", id, "🎉", HTMX), 429, id,
                    "You are changing messages faster than Parley allows. Wait ");
            HttpResponse<String> delete = MessageChanges.delete(ann, "allowance", id);
            isPage(delete, 429, "You are changing messages faster than Parley allows");
            assertThat(delete.headers().firstValue("Retry-After")).isPresent();
            String page = ann.get("/rooms/allowance").body();
            assertThat(Html.texts(page)).containsExactly("two of three");
            assertThat(MessageChanges.reactions(itemOf(page, id))).containsOnlyKeys("👍");
        }
    }
}
