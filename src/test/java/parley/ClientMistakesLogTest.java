package parley;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import parley.support.Client;
import parley.support.LogCapture;
import parley.support.RawExchange;
import parley.support.TestServer;

/**
 * What an operator's log holds after hostile traffic that carries a real session cookie and an Authorization
 * header: each kind of client mistake in one line, without a stack trace, at most once a minute, and never the
 * cookie, the session id inside it, or the Authorization value, however the request was broken to make a
 * library quote it (a Host header that swallowed the next line used to put the cookie in a Jetty warning).
 */
class ClientMistakesLogTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void hostileRequestsLeaveOneLineOfEachKindAndNoSecretInTheLog() {
        String secret = "secret-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String authorization = "Authorization: Bearer " + secret + "\r\n";
        String log;
        String cookieValue;
        try (LogCapture capture = LogCapture.expected("client-mistakes-log");
             TestServer server = TestServer.start("--limits", "off")) {
            Client ann = server.signedIn("ann");
            String cookie = "Cookie: " + ann.cookieHeader() + "\r\n";
            cookieValue = ann.cookieHeader().substring(ann.cookieHeader().indexOf('=') + 1);
            String host = "Host: 127.0.0.1:" + server.port() + "\r\n";
            String form = "Content-Type: application/x-www-form-urlencoded\r\n";
            String post = "POST /rooms/lobby/messages HTTP/1.1\r\n";
            List<String> hostile = List.of(
                    "GET / HTTP/1.1\r\n" + host.replace("\r\n", "") + cookie + authorization + "\r\n", // Host runs into Cookie
                    "GET / HTTP/1.1\r\n" + cookie + host.replace("\r\n", "") + authorization + "\r\n", // into Authorization
                    "GET / HTTP/1.1\r\nHost: [" + cookieValue + "\r\n" + authorization + "\r\n",
                    "GET / HTTP/1.1\r\n" + host + "Host: " + secret + "\r\n" + cookie + "\r\n", // a second Host
                    "GET / HTTP/1.1\r\n" + host + cookie.replace("\r\n", "; pad=" + "x".repeat(10_000) + "\r\n") + "\r\n",
                    "GET /rooms/a%u0041 HTTP/1.1\r\n" + host + cookie + authorization + "\r\n",
                    "GET / HTTP/2.0\r\n" + host + cookie + authorization + "\r\n",
                    "GET / HTTP/1.1\r\n" + host + cookie + "X-Bad\u0001: " + secret + "\r\n\r\n",
                    post + host + cookie + authorization + form + "Content-Length: 100\r\n\r\ntext=cut", // early EOF
                    post + host + cookie + authorization + form + "Transfer-Encoding: chunked\r\n\r\nzz\r\ntext=x\r\n0\r\n\r\n",
                    post + host + cookie + authorization + "Content-Type: application/x-www-form-urlencoded; charset=UTF,8\r\n"
                            + "Content-Length: 0\r\n\r\n",
                    post + host + cookie + authorization + form + "Transfer-Encoding: chunked\r\n\r\n11170\r\ntext="
                            + "a".repeat(70_000) + "\r\n0\r\n\r\n");
            for (int round = 0; round < 3; round++) { // the same mistakes again: no more lines
                for (String request : hostile) {
                    RawExchange.Result result = RawExchange.send(server.port(), request.getBytes(ISO_8859_1), DEADLINE);
                    assertThat(result.hung()).as(request).isFalse();
                    assertThat(result.statuses()).as(request).allMatch(status -> status >= 400 && status < 500);
                }
            }
            // Ordinary refusals, from a client that sends an Authorization header with every request.
            HttpResponse<String> controlCharacter = ann.postForm("/rooms/lobby/messages", Map.of("text", "a\u0000b"),
                    "HX-Request", "true", "Authorization", "Bearer " + secret);
            assertThat(controlCharacter.statusCode()).isEqualTo(422);
            assertThat(ann.send(ann.request("/rooms/lobby/messages", "Authorization", "Bearer " + secret)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(415);
            log = capture.text();
        }

        assertThat(log).doesNotContain("\tat ", "Exception");
        assertThat(log).as("the session cookie").doesNotContain(cookieValue);
        assertThat(log).as("the Authorization value").doesNotContain(secret);

        List<String> mistakes = log.lines().filter(line -> line.contains("ClientMistakes - ")).toList();
        assertThat(mistakes).as(log).doesNotHaveDuplicates().anyMatch(line -> line.contains(
                "Refused a request Parley could not read: 400 Bad Request"));
        assertThat(mistakes).anyMatch(line -> line.endsWith("the request ended before its body was complete (400)"));
        assertThat(mistakes).anyMatch(line -> line.endsWith("Refused a request body over the 64 KB limit (413)"));
        assertThat(mistakes).anyMatch(line -> line.contains("431 Request Header Fields Too Large"));
        // Three rounds of a dozen kinds within a minute: one line of each kind, not one per request.
        assertThat(mistakes).hasSizeLessThanOrEqualTo(12);
    }
}
