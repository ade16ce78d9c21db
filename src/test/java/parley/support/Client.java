package parley.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** An HTTP client with a cookie jar, like one browser profile, for a {@link TestServer}. */
public final class Client {
    private final TestServer server;
    private final CookieManager cookies;
    private final HttpClient http;

    Client(TestServer server) {
        this(server, new CookieManager());
    }

    private Client(TestServer server, CookieManager cookies) {
        this.server = server;
        this.cookies = cookies;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The same browser profile (its cookies) talking to another server, e.g. after a restart. */
    public Client on(TestServer other) {
        return new Client(other, cookies);
    }

    public HttpClient http() {
        return http;
    }

    public TestServer server() {
        return server;
    }

    /** This profile's cookies as a Cookie header, for a request written by hand on a raw socket. */
    public String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

    /** The password {@link #signIn} gives every account it makes. */
    public static final String PASSWORD = "correct horse battery";

    /**
     * Signs in as {@code name}: signs up with {@link #PASSWORD} (test servers allow open sign-up unless a test
     * says otherwise), or signs in when the account exists already (another browser of the same person).
     */
    public void signIn(String name) {
        HttpResponse<String> response = postForm("/signup", Map.of("name", name, "password", PASSWORD));
        // Taken: the person has an account. Forbidden: sign-up is by invite only here, and only the first
        // account could be made without one; anyone after it must exist already.
        if (response.statusCode() == 422 && response.body().contains("is taken") || response.statusCode() == 403) {
            response = postForm("/session", Map.of("name", name, "password", PASSWORD));
        }
        assertThat(response.statusCode()).as("sign-in status: %s", response.body()).isEqualTo(303);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    private static final int LARGE_BODY = 64 * 1024;

    public HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
        String body = encode(form);
        return send(request(path, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                // As curl does for a large upload: a body the server refuses on its headers (413) is then never
                // sent, rather than racing the server's close of a connection it will not read (a reset that
                // can arrive before the 413 does).
                .expectContinue(body.length() > LARGE_BODY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Posts a message the way the page's htmx form does. */
    public HttpResponse<String> say(String room, String text) {
        return postForm("/rooms/" + room + "/messages", Map.of("text", text), "HX-Request", "true");
    }

    /** Posts and insists it was accepted. */
    public void sayOk(String room, String text) {
        HttpResponse<String> response = say(room, text);
        assertThat(response.statusCode()).as("post %s: %s", text, response.body()).isEqualTo(200);
    }

    /**
     * Posts as a form without JavaScript does and returns the new message's id, read from the redirect to
     * {@code /rooms/{room}#m-{id}}.
     */
    public long post(String room, String text) {
        HttpResponse<String> response = postForm("/rooms/" + room + "/messages", Map.of("text", text));
        assertThat(response.statusCode()).as("post %s: %s", text, response.body()).isEqualTo(303);
        String location = response.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf("#m-") + 3));
    }

    /** Edits the message as the page's inline editor does (htmx); the answer is the message as it is now. */
    public HttpResponse<String> edit(String room, long id, String text) {
        return postForm("/rooms/" + room + "/messages/" + id, Map.of("text", text), "HX-Request", "true");
    }

    /** Deletes the message as its control does (htmx). */
    public HttpResponse<String> delete(String room, long id) {
        return postForm("/rooms/" + room + "/messages/" + id + "/delete", Map.of(), "HX-Request", "true");
    }

    /** Toggles this person's {@code emoji} on the message, as the palette does (htmx). */
    public HttpResponse<String> react(String room, long id, String emoji) {
        return postForm("/rooms/" + room + "/messages/" + id + "/reactions", Map.of("emoji", emoji), "HX-Request", "true");
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** What a request that may open an event stream got, without waiting for a stream that was opened to end. */
    public record Answer(int statusCode, java.net.http.HttpHeaders headers, String body) {}

    /**
     * GETs {@code path} (an event stream) and returns its status, headers and, unless a stream was opened
     * (200), its body. An opened stream is closed at once, so a test expecting a refusal fails instead of
     * hanging when the stream is accepted after all.
     */
    public Answer getStream(String path, String... headers) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(
                    request(path, headers).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                String text = response.statusCode() == 200 ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), response.headers(), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens an event stream at {@code path}, e.g. with a query ({@code ?after=}); headers as name/value pairs. */
    public EventStream eventsAt(String path, String... headers) {
        return EventStream.open(this, path, headers);
    }

    /** Opens the room's event stream; extra headers such as Last-Event-ID as name/value pairs. */
    public EventStream events(String room, String... headers) {
        return EventStream.open(this, "/rooms/" + room + "/events", headers);
    }

    public static String encode(Map<String, String> form) {
        return new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
