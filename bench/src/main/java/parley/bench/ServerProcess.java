package parley.bench;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * A server under test: its own JVM, pinned to one core with taskset, with the /proc readings the
 * benchmark reports (CPU time, resident memory, threads).
 */
final class ServerProcess implements AutoCloseable {
    /** CPU time, memory and threads of the process at one moment. */
    record Usage(long cpuNanos, long systemNanos, long rssBytes, int threads) {}

    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ, 100 on Linux

    final String name;
    final int port;
    private final Process process;

    private ServerProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static ServerProcess start(String name, int cpu, List<String> javaArgs, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("taskset", "-c", String.valueOf(cpu),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String arg : javaArgs) {
            command.add(arg.replace("{port}", String.valueOf(port)));
        }
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(name, port, process);
        server.awaitHealthy(Duration.ofSeconds(60), log);
        return server;
    }

    private void awaitHealthy(Duration deadline, Path log) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited at start; see " + log);
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            Bench.pause(Duration.ofMillis(100));
        }
        throw new IOException(name + " did not become healthy within " + deadline + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    Usage usage() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // Fields after the command name, which is in parentheses and may contain spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        long rssKb = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return new Usage(ticks * NANOS_PER_TICK, Long.parseLong(fields[12]) * NANOS_PER_TICK, rssKb * 1024, threads);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
