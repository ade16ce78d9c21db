package parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import parley.Config;
import parley.Main;
import parley.Parley;

/** A real Parley on a free port with its SQLite file in a temporary directory. */
public final class TestServer implements AutoCloseable {
    private final Path data;
    private final List<String> args;
    private Parley parley;

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
        return "http://127.0.0.1:" + parley.port() + path;
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
        parley.close();
    }
}
