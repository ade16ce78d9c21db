package parley.support;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 connection written by hand, for what a real client library will not do: hold a request
 * half-sent, send a body it never finishes, or keep a connection open across a server's stop.
 */
public final class RawHttp implements AutoCloseable {
    /** A response's status code and its body (as UTF-8). */
    public record Response(int status, String body) {}

    private final Socket socket;
    private final Duration timeout;
    private final OutputStream out;
    private final BufferedReader in; // ISO-8859-1: one char per byte, so a Content-Length counts chars

    public RawHttp(int port) {
        this(port, Duration.ofSeconds(10));
    }

    /** @param timeout how long a read waits for the server before the test fails */
    public RawHttp(int port, Duration timeout) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) timeout.toMillis());
            this.timeout = timeout;
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        send(bytes, 0, bytes.length);
    }

    public void send(byte[] bytes, int offset, int length) {
        try {
            out.write(bytes, offset, length);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int health() {
        send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        return status();
    }

    public int status() {
        return read().status();
    }

    /** Reads one response: its head, and its body when it gives a length. */
    public Response read() {
        try {
            String statusLine = in.readLine();
            if (statusLine == null) {
                throw new AssertionError("the node closed the connection without answering");
            }
            int length = 0;
            String header;
            while ((header = in.readLine()) != null && !header.isEmpty()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(header.indexOf(':') + 1).strip());
                }
            }
            char[] body = new char[length];
            for (int read = 0; read < length; ) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new AssertionError("the node closed the connection in the middle of a response");
                }
                read += n;
            }
            String text = new String(new String(body).getBytes(ISO_8859_1), UTF_8);
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads what the server sends until {@code text} has arrived (an event of a stream, the end of a chunked
     * body) and returns all of it; fails when the connection closes first, or when the read timeout has
     * passed since the call (a stream's pings do not keep it waiting).
     */
    public String readUntil(String text) {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (seen.indexOf(text) < 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + text + " within " + timeout + "; the node sent: " + seen);
                }
                int c = in.read();
                if (c < 0) {
                    throw new AssertionError("the node closed the connection before sending " + text + "; it sent: " + seen);
                }
                seen.append((char) c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(seen.toString().getBytes(ISO_8859_1), UTF_8);
    }

    /** Whether the server closes the connection, with nothing more sent, before the read timeout. */
    public boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
