package parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import parley.Config;
import parley.Main;
import parley.Parley;

/**
 * A real Parley on a free port with its SQLite file in a temporary directory: in this JVM, or in a process
 * of its own ({@link #startProcess}) when a test needs to send it a signal.
 */
public final class TestServer implements AutoCloseable {
    private final Path data;
    private final List<String> args;
    private Parley parley;
    private Process process;
    private int processPort;

    private TestServer(Path data, List<String> args) {
        this.data = data;
        this.args = args;
    }

    public static TestServer start(String... options) {
        try {
            return startOn(Files.createTempDirectory("parley-test").resolve("parley.db"), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on the given database file, e.g. the file of a server that was stopped. */
    public static TestServer startOn(Path data, String... options) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1", "--data", data.toString()));
        args.addAll(List.of(options));
        TestServer server = new TestServer(data, args);
        server.parley = Main.start(Config.parse(args.toArray(String[]::new), Map.of()));
        return server;
    }

    /**
     * Starts Parley as its own process ({@code java parley.Main}, on this JVM's classpath) and waits until
     * it answers /health. Its output goes to {@code target/<name>.log}.
     */
    public static TestServer startProcess(String name, String... options) {
        try {
            Path data = Files.createTempDirectory("parley-test").resolve("parley.db");
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "parley.Main",
                    "--port", String.valueOf(port), "--host", "127.0.0.1", "--data", data.toString()));
            command.addAll(List.of(options));
            TestServer server = new TestServer(data, command);
            server.processPort = port;
            server.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", name + ".log").toFile()).start();
            server.awaitHealthy(Duration.ofSeconds(30));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        process.destroyForcibly();
        throw new IllegalStateException("Parley did not start: see target/*.log");
    }

    /** Sends the process SIGTERM, as an operator or an orchestrator does, and returns its exit code. */
    public int terminate(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Parley did not stop within " + timeout + " of SIGTERM");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops this server and starts a new one on the same port and database file, as an operator's
     * restart does; pages that were open reconnect to it on their own.
     */
    public void restart() {
        int port = parley.port();
        parley.close();
        List<String> again = new ArrayList<>(args);
        again.set(again.indexOf("--port") + 1, String.valueOf(port));
        parley = Main.start(Config.parse(again.toArray(String[]::new), Map.of()));
    }

    public Path data() {
        return data;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + (process != null ? processPort : parley.port()) + path;
    }

    public Client client() {
        return new Client(this);
    }

    /** A browser-like client already signed in with this nickname. */
    public Client signedIn(String nickname) {
        Client client = client();
        client.signIn(nickname);
        return client;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        } else {
            parley.close();
        }
    }
}
