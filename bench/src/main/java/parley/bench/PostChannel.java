package parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive connection that posts messages, without blocking, from the stream fleet's own thread.
 * Posting from there rather than from threads of its own matters: the fleet's thread polls without
 * sleeping, and a poster thread beside it on the same core would be woken late, every late post then
 * counting, wrongly, as the server's latency.
 */
final class PostChannel {
    private static final int PADDING = 60;

    final SocketChannel channel;
    private final String head;
    private final StringBuilder response = new StringBuilder();
    private boolean busy;
    private long seq;
    private long sentAt;

    PostChannel(int port, String path, String cookie) throws IOException {
        this.channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        this.head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Cookie: " + cookie + "\r\n"
                + "HX-Request: true\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n";
    }

    boolean isBusy() {
        return busy;
    }

    /** Sends message {@code seq}, stamped with {@code stamp}: its number and send time travel in its text. */
    void send(long seq, long stamp) throws IOException {
        StringBuilder text = new StringBuilder("Zq").append(seq).append('x').append(stamp).append("y ");
        while (text.length() < PADDING) {
            text.append("lorem ipsum ");
        }
        byte[] body = ("text=" + URLEncoder.encode(text.substring(0, PADDING), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer request = ByteBuffer.wrap((head + "Content-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
        while (request.hasRemaining()) {
            channel.write(request); // a few hundred bytes on an idle connection: taken at once
        }
        this.seq = seq;
        this.sentAt = Bench.now();
        this.busy = true;
        response.setLength(0);
    }

    /**
     * Consumes what was read. Returns the status once the whole response is in, else 0. No pipelining, so
     * a response ends exactly where the bytes received end: after its Content-Length, or at the last chunk.
     */
    int accept(ByteBuffer in) {
        while (in.hasRemaining()) {
            response.append((char) (in.get() & 0xff));
        }
        int headEnd = response.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return 0;
        }
        String headers = response.substring(0, headEnd).toLowerCase(Locale.ROOT);
        int bodyLength = response.length() - headEnd - 4;
        boolean complete;
        int at = headers.indexOf("content-length:");
        if (at >= 0) {
            int end = headers.indexOf("\r\n", at);
            String value = headers.substring(at + "content-length:".length(), end < 0 ? headers.length() : end);
            complete = bodyLength >= Integer.parseInt(value.strip());
        } else {
            complete = headers.contains("transfer-encoding: chunked") ? response.toString().endsWith("0\r\n\r\n")
                    : bodyLength == 0;
        }
        if (!complete) {
            return 0;
        }
        busy = false;
        return Integer.parseInt(response.substring(9, 12));
    }

    long seq() {
        return seq;
    }

    long sentAt() {
        return sentAt;
    }
}
