package parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Thousands of event streams on one selector thread. Connections come from several 127.0.0.x source
 * addresses so that their number is not capped by one address's ephemeral ports. Everything that
 * touches a connection runs on the selector thread; other threads hand it work with {@link #call}.
 */
final class StreamFleet implements AutoCloseable {
    private static final int HANDSHAKES_IN_FLIGHT = 200;
    private static final int SOURCE_ADDRESSES = 8;

    private InetSocketAddress server;
    private ByteBuffer request;
    /** The requests of streams to be opened as people of their own ({@link #openAs}), first first. */
    private final java.util.ArrayDeque<ByteBuffer> ownRequests = new java.util.ArrayDeque<>();
    private StreamConnection.Deliveries deliveries;
    private final String path;
    private final String cookie;
    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final List<StreamConnection> streams = new ArrayList<>();
    private volatile boolean running = true;

    private int toOpen;
    private int handshaking;
    private int failed;
    private int receiveBufferBytes;
    private Posters.Plan posting;
    private String lastFailure = "";

    StreamFleet(int port, String path, String cookie, StreamConnection.Deliveries deliveries) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.request = StreamConnection.request("127.0.0.1", port, path, cookie);
        this.deliveries = deliveries;
        this.path = path;
        this.cookie = cookie;
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().name("stream-fleet").daemon().start(this::run);
    }

    /**
     * The streams opened from now on go to another server (another node of a cluster), and their
     * deliveries are counted by {@code deliveries}; those already open stay as they are.
     */
    void retarget(int port, StreamConnection.Deliveries deliveries) {
        call(() -> {
            server = new InetSocketAddress("127.0.0.1", port);
            request = StreamConnection.request("127.0.0.1", port, path, cookie);
            this.deliveries = deliveries;
            return null;
        });
    }

    /**
     * Opens a stream for each cookie, each as its own person (the streams opened after these, with no cookie
     * of their own, are the fleet's person again); waits as {@link #open(int, Duration)}.
     */
    void openAs(List<String> cookies, Duration deadline) {
        call(() -> {
            cookies.forEach(cookie -> ownRequests.add(StreamConnection.request(server.getHostString(), server.getPort(), path, cookie)));
            return null;
        });
        open(cookies.size(), deadline);
    }

    /** Opens {@code count} more streams and waits until each has answered 200 (or fails). */
    void open(int count, Duration deadline) {
        open(count, 0, deadline);
    }

    /** As {@link #open(int, Duration)}, with a small receive buffer when {@code receiveBuffer} is above 0. */
    void open(int count, int receiveBuffer, Duration deadline) {
        int target = call(() -> {
            toOpen += count;
            receiveBufferBytes = receiveBuffer;
            return openStreams() + count;
        });
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            int[] state = call(() -> new int[] {openStreams(), failed, toOpen + handshaking});
            if (state[1] > 0) {
                throw new IllegalStateException(state[1] + " streams failed to open; last: " + lastFailure);
            }
            if (state[0] >= target) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("only " + state[0] + " of " + target + " streams opened in " + deadline);
            }
            Bench.pause(Duration.ofMillis(20));
        }
    }

    int openStreams() {
        int open = 0;
        for (StreamConnection stream : streams) {
            if (stream.isOpen()) {
                open++;
            }
        }
        return open;
    }

    List<StreamConnection> streams() {
        return streams;
    }

    /** Stops reading one stream, like a client whose network or tab froze: its server must not wait for it. */
    void stall(StreamConnection stream) {
        call(() -> stream.channel.keyFor(selector).interestOps(0));
    }

    void resume(StreamConnection stream) {
        call(() -> stream.channel.keyFor(selector).interestOps(SelectionKey.OP_READ));
    }

    /** Starts posting by {@code plan} from this fleet's thread; the plan's future completes when it is done. */
    void post(Posters.Plan plan) {
        call(() -> {
            for (PostChannel channel : plan.channels) {
                try {
                    channel.channel.register(selector, SelectionKey.OP_READ, channel);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            posting = plan;
            return null;
        });
    }

    /** Runs {@code work} on the selector thread and returns its result. */
    <T> T call(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the stream fleet did not answer", e);
        }
    }

    private void run() {
        try {
            while (running) {
                startConnects();
                // Poll instead of sleeping in epoll_wait: on loopback the sender pays for waking the receiver,
                // so a generator that slept between events would bill the server for its own wake-ups
                // (about a tenth of the server's CPU per delivery). The generator has a core of its own.
                selector.selectNow();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                var keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    if (key.attachment() instanceof PostChannel channel) {
                        answered(key, channel);
                    } else {
                        handle(key);
                    }
                }
                keys.clear();
                if (posting != null) {
                    posting.tick(Bench.now());
                    if (posting.done.isDone()) {
                        posting = null;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startConnects() throws IOException {
        while (toOpen > 0 && handshaking < HANDSHAKES_IN_FLIGHT) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBufferBytes > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            channel.bind(new InetSocketAddress("127.0.0." + (2 + streams.size() % SOURCE_ADDRESSES), 0));
            StreamConnection stream = new StreamConnection(channel, deliveries);
            stream.request = ownRequests.isEmpty() ? request : ownRequests.poll();
            streams.add(stream);
            channel.connect(server);
            channel.register(selector, SelectionKey.OP_CONNECT, stream);
            toOpen--;
            handshaking++;
        }
    }

    private void handle(SelectionKey key) {
        StreamConnection stream = (StreamConnection) key.attachment();
        try {
            if (key.isConnectable()) {
                stream.channel.finishConnect();
                stream.channel.write(stream.request.duplicate());
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            if (!key.isReadable()) {
                return;
            }
            boolean wasHeadDone = stream.headDone();
            readBuffer.clear();
            int n = stream.channel.read(readBuffer);
            if (n < 0) {
                end(key, stream, "the server closed the connection");
                return;
            }
            readBuffer.flip();
            boolean open = stream.accept(readBuffer, Bench.now());
            if (!wasHeadDone && stream.headDone()) {
                handshaking--;
                if (stream.status() != 200) {
                    failed++;
                    lastFailure = "HTTP " + stream.status();
                }
            }
            if (!open) {
                end(key, stream, "the response ended");
            }
        } catch (IOException e) {
            end(key, stream, e.getMessage());
        }
    }

    private void answered(SelectionKey key, PostChannel channel) throws IOException {
        if (posting == null) {
            key.cancel(); // a connection of a plan that has ended
            return;
        }
        readBuffer.clear();
        if (channel.channel.read(readBuffer) < 0) {
            key.cancel();
            channel.channel.close();
            if (channel.isBusy()) {
                posting.done.completeExceptionally(new IOException("the server closed a posting connection"));
                posting = null;
            } else {
                posting.channels.remove(channel); // unused long enough for the server's idle timeout
            }
            return;
        }
        int status = channel.accept(readBuffer.flip());
        if (status != 0) {
            posting.answered(channel, status);
        }
    }

    private void end(SelectionKey key, StreamConnection stream, String why) {
        if (!stream.headDone()) {
            handshaking--;
            failed++;
            lastFailure = why;
        }
        stream.ended = true;
        key.cancel();
        try {
            stream.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        call(() -> {
            for (StreamConnection stream : streams) {
                try {
                    stream.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            return null;
        });
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
            selector.close();
        } catch (InterruptedException | IOException ignored) {
            // shutting down
        }
    }
}
