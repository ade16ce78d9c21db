package parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm packages the tests use, pinned in src/test/node/package-lock.json: the {@code eventsource} client
 * ({@link NodeEventSource}) and {@code axe-core} (the browser suite's accessibility checks).
 *
 * <p>{@link #install} copies src/test/node to target/node-client and runs {@code npm ci} there (from npm's
 * cache when it has the packages), once per test run, so the source tree stays clean. Without Node or npm it
 * fails, saying what to install: a missing tool must not pass for a green build.
 */
public final class NodePackages {
    private static final Path SOURCE = Path.of("src", "test", "node");
    static final Path INSTALLED = Path.of("target", "node-client");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "stream-client.mjs");
    private static boolean installed;

    private NodePackages() {}

    /** Installs the locked packages (the first call of the test run; later ones find them there) and returns where. */
    public static synchronized Path install() {
        if (installed) {
            return INSTALLED;
        }
        String node = version("node");
        String npm = version("npm");
        try {
            Files.createDirectories(INSTALLED);
            for (String file : FILES) {
                Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // --prefer-offline: a package in npm's cache is not fetched again, so a machine that installed it once
        // needs no registry.
        Result ci = run(Duration.ofMinutes(2), "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund");
        if (ci.exit != 0) {
            throw new AssertionError("npm ci in " + INSTALLED + " failed (node " + node + ", npm " + npm
                    + "): it needs the npm registry or npm's cache to hold the packages of src/test/node/package-lock.json.\n"
                    + ci.output);
        }
        installed = true;
        return INSTALLED;
    }

    /** A file of an installed package, e.g. {@code module("axe-core", "axe.min.js")}; installs them first. */
    public static Path module(String name, String file) {
        Path path = install().resolve("node_modules").resolve(name).resolve(file).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(path + " is not there after npm ci: is " + name + " in src/test/node/package.json?");
        }
        return path;
    }

    private record Result(int exit, String output) {}

    private static String version(String tool) {
        try {
            Result result = run(Duration.ofSeconds(30), tool, "--version");
            if (result.exit == 0) {
                return result.output.strip();
            }
        } catch (UncheckedIOException notThere) {
            // below
        }
        throw new AssertionError("`" + tool + " --version` did not run (" + tool + " is not on the PATH?): the tests run "
                + "npm packages (the eventsource client under Node.js, axe-core in the browser). Install Node.js and npm "
                + "(on Debian: apt-get install nodejs npm; .ci/run does this on a fresh machine).");
    }

    private static Result run(Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("parley-node", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(INSTALLED.toFile().isDirectory() ? INSTALLED.toFile() : null)
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                            + ":\n" + Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
