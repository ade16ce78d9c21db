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
    private Path log;

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
    /**
     * What every test server runs with before a test's own options (which win): anyone may sign up, as the
     * tests' clients do, and passwords are hashed at the cheapest cost, so the suite spends no minutes hashing.
     */
    public static final List<String> TEST_DEFAULTS = List.of("--open-signup", "--password-hashing", "m=8,t=1,p=1");

    public static TestServer startOn(Path data, String... options) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1", "--data", data.toString()));
        args.addAll(TEST_DEFAULTS);
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
        return startProcessUnder(List.of(), name, options);
    }

    /**
     * Like {@link #startProcess}, with {@code launcher} before the java command: e.g. {@code prlimit --nofile=400}
     * to start it with fewer descriptors.
     */
    public static TestServer startProcessUnder(List<String> launcher, String name, String... options) {
        try {
            Path data = Files.createTempDirectory("parley-test").resolve("parley.db");
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "parley.Main",
                    "--port", String.valueOf(port), "--host", "127.0.0.1", "--data", data.toString()));
            command.addAll(TEST_DEFAULTS);
            command.addAll(List.of(options));
            TestServer server = new TestServer(data, command);
            server.processPort = port;
            server.log = Path.of("target", name + ".log");
            server.launch(ProcessBuilder.Redirect.to(server.log.toFile()));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(ProcessBuilder.Redirect output) {
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(output).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealthy(Duration.ofSeconds(30));
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
        throw new IllegalStateException("Parley did not start: see " + log);
    }

    /** Sends the process SIGTERM, as an operator or an orchestrator does, and returns its exit code. */
    public int terminate(Duration timeout) {
        sigterm();
        return awaitExit(timeout);
    }

    /** Sends the process SIGTERM and returns at once, to watch what it does while it stops. */
    public void sigterm() {
        process.destroy();
    }

    /** Sends the process SIGKILL, as a crash or the OOM killer does: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Waits for the process to exit and returns its exit code; fails if it is still running at the deadline. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Parley did not stop within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops this server (unless it has stopped already, e.g. by {@link #kill}) and starts a new one on the
     * same port and database, as an operator's restart does; pages that were open reconnect to it on their
     * own. A process's output is added to its log.
     */
    public void restart() {
        if (process != null) {
            if (process.isAlive()) {
                terminate(Duration.ofSeconds(30));
            }
            launch(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return;
        }
        int port = parley.port();
        parley.close();
        List<String> again = new ArrayList<>(args);
        again.set(again.indexOf("--port") + 1, String.valueOf(port));
        parley = Main.start(Config.parse(again.toArray(String[]::new), Map.of()));
    }

    public Path data() {
        return data;
    }

    /** The process's id, for a look at it in /proc ({@link #startProcess} only). */
    public long pid() {
        return process.pid();
    }

    /** What the process has logged so far ({@link #startProcess} only). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port of GET /metrics (started in this JVM with {@code --metrics-port}); fails when there is none. */
    public int metricsPort() {
        return parley.metricsPort().orElseThrow(() -> new AssertionError("no --metrics-port"));
    }

    /** The node's metrics as they are now: GET /metrics on its metrics port. */
    public Scrape scrape() {
        return Scrape.of(metricsPort());
    }

    public int port() {
        return process != null ? processPort : parley.port();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
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
