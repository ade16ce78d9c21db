package parley.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A blocking HTTP/1.1 connection for signing up or in, and for the one-at-a-time requests of {@link Latency}.
 * (The fan-out loads post without blocking, by {@link PostChannel}.)
 */
final class HttpSession implements AutoCloseable {
    record Response(int status, String headers, byte[] body) {}

    private final String host;
    private final int port;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    HttpSession(int port) throws IOException {
        this.host = "127.0.0.1";
        this.port = port;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(60_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /**
     * Signs up (POST /signup) and returns the session cookie ("name=value"), or empty when sign-up did not
     * start a session (the name is taken, or the server has no /signup: one from before accounts).
     */
    Optional<String> signUp(String name, String password) throws IOException {
        return cookie(postForm("/signup", "", form(name, password), false));
    }

    /** Signs in (POST /session) and returns the session cookie ("name=value"). */
    String signIn(String name, String password) throws IOException {
        Response response = postForm("/session", "", form(name, password), false);
        return cookie(response).orElseThrow(
                () -> new IOException("sign-in answered " + response.status() + " without a cookie"));
    }

    private static String form(String name, String password) {
        return "name=" + encode(name) + "&password=" + encode(password);
    }

    private static Optional<String> cookie(Response response) {
        if (response.status() != 303) {
            return Optional.empty();
        }
        for (String line : response.headers().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("set-cookie:")) {
                return Optional.of(line.substring("set-cookie:".length()).strip().split(";", 2)[0]);
            }
        }
        return Optional.empty();
    }

    /** A GET on this connection, kept alive for the next. */
    Response get(String path, String cookie) throws IOException {
        String head = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + (cookie.isEmpty() ? "" : "Cookie: " + cookie + "\r\n")
                + "Accept: text/html\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readResponse();
    }

    Response postForm(String path, String cookie, String form, boolean htmx) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + (cookie.isEmpty() ? "" : "Cookie: " + cookie + "\r\n")
                + (htmx ? "HX-Request: true\r\n" : "")
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return readResponse();
    }

    private Response readResponse() throws IOException {
        String headers = readHead();
        int status = Integer.parseInt(headers.substring(9, 12));
        String lower = headers.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (lower.contains("transfer-encoding: chunked")) {
            int size;
            while ((size = Integer.parseInt(readLine().split(";", 2)[0].strip(), 16)) > 0) {
                body.write(in.readNBytes(size));
                readLine();
            }
            readLine();
        } else {
            int at = lower.indexOf("content-length:");
            if (at >= 0) {
                int end = lower.indexOf("\r\n", at);
                int length = Integer.parseInt(lower.substring(at + "content-length:".length(), end).strip());
                body.write(in.readNBytes(length));
            }
        }
        return new Response(status, headers, body.toByteArray());
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        String line;
        while (!(line = readLine()).isEmpty()) {
            head.append(line).append("\r\n");
        }
        if (head.isEmpty()) {
            throw new IOException("the server closed the connection");
        }
        return head.toString();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
