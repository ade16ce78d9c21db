package parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What Parley prints: at start-up only the lines a person reads; the libraries' warnings still. */
class LoggingTest {
    private static final Path MAIN_SETTINGS = Path.of("src/main/resources/simplelogger.properties");
    private static final Path TEST_SETTINGS = Path.of("src/test/resources/simplelogger.properties");

    @Test
    void startUpPrintsAMigrationOnceAndThenOnlyThatParleyIsRunning() throws Exception {
        Path data = Files.createTempDirectory("parley-logging").resolve("parley.db");

        List<String> first = startUpLines(data);
        assertThat(first).hasSize(2);
        // Whatever the newest version is: each migration added would otherwise have to edit this line.
        assertThat(first.get(0)).containsPattern("INFO parley.store.Database - Migrated the database schema from empty to version \\d+ \\(");
        assertThat(first.get(1)).contains("INFO parley.Main - Parley is running: open http://127.0.0.1:");

        List<String> again = startUpLines(data);
        assertThat(again).hasSize(1);
        assertThat(again.get(0)).contains("INFO parley.Main - Parley is running");
    }

    @Test
    void theTestsKeepProductionsSettingsAndOnlyAddTheirOwn() throws IOException {
        Properties main = properties(MAIN_SETTINGS);
        Properties test = properties(TEST_SETTINGS);
        assertThat(main).isNotEmpty();
        main.forEach((name, level) -> assertThat(test.get(name)).as(TEST_SETTINGS + ": " + name).isEqualTo(level));
        assertThat(main.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("info");
        // Libraries are quiet at INFO but keep their warnings; nothing is set above WARN but Jetty's two parsers
        // of client bytes, whose warnings quote those bytes, cookies included (Parley logs the refusals itself).
        Set<Object> quoteClientBytes = Set.of("org.slf4j.simpleLogger.log.org.eclipse.jetty.http.HttpParser",
                "org.slf4j.simpleLogger.log.org.eclipse.jetty.util.HostPort");
        main.forEach((name, level) -> assertThat(level).as(MAIN_SETTINGS + ": " + name)
                .isIn(quoteClientBytes.contains(name) ? List.of("error") : List.of("info", "warn")));
    }

    /**
     * Starts Parley as the jar would, on the main classpath only (so with production's logging settings,
     * not the tests'), and returns what it printed up to "Parley is running".
     */
    private static List<String> startUpLines(Path data) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", // as the jar's manifest says
                "-cp", classpath, "parley.Main",
                "--port", String.valueOf(port), "--host", "127.0.0.1", "--data", data.toString())
                .redirectErrorStream(true).start();
        // Should it hang before it is running, its output ends here and the test fails instead of waiting forever.
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(process::destroyForcibly);
        List<String> lines = new ArrayList<>();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                lines.add(line);
                if (line.contains("Parley is running")) {
                    return lines;
                }
            }
            throw new AssertionError("Parley stopped before it was running:\n" + String.join("\n", lines));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
