package parley.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Captures System.err (where slf4j-simple logs) so a test can check what the server logged: teed to the
 * console ({@link #LogCapture()}), or kept off it ({@link #expected}) where a test provokes warnings on
 * purpose, so they are not mistaken for failures in the build's output.
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final Path file;

    /** Captures while still printing everything to the console. */
    public LogCapture() {
        this(true, null);
    }

    /**
     * Captures the warnings that a test provokes on purpose (an outage, a refused request) without printing
     * them; the test should assert that they came. On close they are written to {@code target/logs/<name>.log},
     * to read if the test fails.
     */
    public static LogCapture expected(String name) {
        return new LogCapture(false, Path.of("target", "logs", name + ".log"));
    }

    private LogCapture(boolean echo, Path file) {
        this.file = file;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                if (echo) {
                    original.write(b);
                }
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (echo) {
                    original.write(b, off, len);
                }
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(original);
        if (file != null) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
