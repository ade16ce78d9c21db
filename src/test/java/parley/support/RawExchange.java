package parley.support;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Any bytes sent as a request on a connection of their own, then the client's side closed (as a client that
 * has said all it will say does), and what came back: the status of every response, and whether the server
 * answered or closed within a deadline or left the client hanging. Reads until the server closes, or until a
 * response opens an event stream, which by design does not end.
 */
public final class RawExchange {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("raw-exchange-watchdog").daemon().factory());

    /**
     * @param statuses the status of each response read, in order (1xx interim responses left out)
     * @param hung     neither an answer nor a close came within the deadline
     */
    public record Result(List<Integer> statuses, boolean hung, int bytesRead) {}

    private RawExchange() {}

    public static Result send(int port, byte[] request, Duration deadline) {
        AtomicBoolean late = new AtomicBoolean();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            // Closing the socket is the one way to end a write the server never reads.
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                late.set(true);
                closeQuietly(socket);
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) deadline.toMillis());
                socket.setSoTimeout((int) deadline.toMillis());
                try {
                    socket.getOutputStream().write(request);
                    socket.shutdownOutput();
                } catch (IOException closedEarly) {
                    // The server answered and closed before it read everything: read what it said.
                }
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    received.write(buffer, 0, n);
                    if (parse(received.toByteArray()).streamOpened) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                late.set(true);
            } catch (IOException e) {
                // reset by the server, or closed by the watchdog (then late is set)
            } finally {
                watchdog.cancel(false);
            }
        } catch (IOException e) {
            // closing failed: nothing to do
        }
        Parsed parsed = parse(received.toByteArray());
        return new Result(parsed.statuses, late.get() && !parsed.streamOpened, received.size());
    }

    private record Parsed(List<Integer> statuses, boolean streamOpened) {}

    /** The responses in {@code bytes}: status lines, heads, and bodies by Content-Length or chunks. */
    private static Parsed parse(byte[] bytes) {
        String text = new String(bytes, ISO_8859_1);
        List<Integer> statuses = new ArrayList<>();
        int at = 0;
        while (at < text.length() && text.startsWith("HTTP/1.", at)) {
            int lineEnd = text.indexOf("\r\n", at);
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int status = Integer.parseInt(text.substring(at + 9, at + 12));
            if (status >= 200 || headEnd < 0) {
                statuses.add(status);
            }
            if (headEnd < 0) {
                break;
            }
            String head = text.substring(at, headEnd).toLowerCase(Locale.ROOT);
            at = headEnd + 4;
            if (status < 200) {
                continue;
            }
            if (head.contains("\r\ncontent-type: text/event-stream")) {
                return new Parsed(statuses, true);
            }
            if (head.contains("\r\ntransfer-encoding: chunked")) {
                at = afterChunks(text, at);
            } else {
                int length = contentLength(head);
                // A response to HEAD says how long the body would be, and sends none.
                at = text.startsWith("HTTP/1.", at) ? at : length >= 0 ? at + length : text.length();
            }
        }
        return new Parsed(statuses, false);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return -1;
    }

    private static int afterChunks(String text, int at) {
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return text.length();
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            at = lineEnd + 2 + size + 2;
            if (size == 0) {
                return at;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
