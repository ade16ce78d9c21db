package parley.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * One event stream as the load generator sees it: the HTTP response head, then the body (chunked or not),
 * scanned for the benchmark's message markers and for comment lines (pings). It never builds a String
 * per event: at half a million deliveries a second the generator must stay cheaper than the server.
 *
 * <p>Each benchmark message carries {@code Zq<seq>x<sentNanos>y}, which survives HTML escaping unchanged.
 */
final class StreamConnection {
    interface Deliveries {
        /** Called for every marker found; {@code firstTime} is false for a duplicate on this stream. */
        void delivered(long seq, long sentNanos, long receivedNanos, boolean firstTime);
    }

    private enum Body { CHUNK_SIZE, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF, PLAIN }

    final SocketChannel channel;
    private final Deliveries deliveries;
    private final BitSet seen = new BitSet();

    private final StringBuilder head = new StringBuilder();
    private boolean headDone;
    private int status;
    private Body body;
    private long chunkLeft;
    private boolean inChunkExtension;

    // The SSE scanner: where we are in a marker, and whether the next byte starts a line.
    private int markerState;
    private long seq;
    private long sentNanos;
    private boolean atLineStart = true;

    /** False for a stream whose deliveries must not count, such as the deliberately stalled one. */
    boolean measured = true;
    int pings;
    long received;
    long duplicates;
    boolean ended;

    /** What the stream asks the server for (the fleet's request, or one with a person's own cookie). */
    java.nio.ByteBuffer request;

    StreamConnection(SocketChannel channel, Deliveries deliveries) {
        this.channel = channel;
        this.deliveries = deliveries;
    }

    boolean isOpen() {
        return headDone && status == 200 && !ended;
    }

    boolean headDone() {
        return headDone;
    }

    int status() {
        return status;
    }

    /** Consumes what was read; false once the response has ended (or never was a stream). */
    boolean accept(ByteBuffer in, long now) {
        while (in.hasRemaining() && !ended) {
            if (!headDone) {
                readHead(in);
            } else {
                readBody(in, now);
            }
        }
        return !ended;
    }

    private void readHead(ByteBuffer in) {
        while (in.hasRemaining()) {
            head.append((char) (in.get() & 0xff));
            int n = head.length();
            if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r'
                    && head.charAt(n - 3) == '\n' && head.charAt(n - 4) == '\r') {
                headDone = true;
                String text = head.toString();
                status = Integer.parseInt(text.substring(9, 12));
                boolean chunked = text.toLowerCase().contains("transfer-encoding: chunked");
                body = chunked ? Body.CHUNK_SIZE : Body.PLAIN;
                if (status != 200) {
                    ended = true;
                }
                head.setLength(0);
                return;
            }
        }
    }

    private void readBody(ByteBuffer in, long now) {
        while (in.hasRemaining() && !ended) {
            switch (body) {
                case PLAIN -> scan(in, in.remaining(), now);
                case CHUNK_SIZE -> {
                    byte b = in.get();
                    int digit = Character.digit(b, 16);
                    if (b == '\r') {
                        body = Body.CHUNK_SIZE_LF;
                        inChunkExtension = false;
                    } else if (b == ';') {
                        inChunkExtension = true; // "size;name=value": the size has ended
                    } else if (digit >= 0 && !inChunkExtension) {
                        chunkLeft = chunkLeft * 16 + digit;
                    }
                }
                case CHUNK_SIZE_LF -> {
                    in.get();
                    if (chunkLeft == 0) {
                        ended = true; // the last chunk: the server ended the stream
                    } else {
                        body = Body.CHUNK_DATA;
                    }
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(chunkLeft, in.remaining());
                    scan(in, n, now);
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        body = Body.CHUNK_DATA_CR;
                    }
                }
                case CHUNK_DATA_CR -> {
                    in.get();
                    body = Body.CHUNK_DATA_LF;
                }
                case CHUNK_DATA_LF -> {
                    in.get();
                    body = Body.CHUNK_SIZE;
                }
            }
        }
    }

    private void scan(ByteBuffer in, int length, long now) {
        for (int i = 0; i < length; i++) {
            byte b = in.get();
            if (atLineStart && b == ':') {
                pings++;
            }
            atLineStart = b == '\n';
            switch (markerState) {
                case 0 -> markerState = b == 'Z' ? 1 : 0;
                case 1 -> {
                    markerState = b == 'q' ? 2 : b == 'Z' ? 1 : 0;
                    seq = 0;
                }
                case 2 -> {
                    if (b >= '0' && b <= '9') {
                        seq = seq * 10 + (b - '0');
                    } else if (b == 'x') {
                        markerState = 3;
                        sentNanos = 0;
                    } else {
                        markerState = b == 'Z' ? 1 : 0;
                    }
                }
                case 3 -> {
                    if (b >= '0' && b <= '9') {
                        sentNanos = sentNanos * 10 + (b - '0');
                    } else {
                        if (b == 'y') {
                            delivered(now);
                        }
                        markerState = b == 'Z' ? 1 : 0;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private void delivered(long now) {
        int index = (int) seq;
        boolean first = !seen.get(index);
        if (first) {
            seen.set(index);
            received++;
        } else {
            duplicates++;
        }
        if (measured) {
            deliveries.delivered(seq, sentNanos, now, first);
        }
    }

    /** How many of these messages this stream never received. */
    long missing(BitSet expected) {
        BitSet missing = (BitSet) expected.clone();
        missing.andNot(seen);
        return missing.cardinality();
    }

    static ByteBuffer request(String host, int port, String path, String cookie) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Accept: text/event-stream\r\n"
                + "Cookie: " + cookie + "\r\n"
                + "\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }
}
