package parley.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real disk that fills up: a tmpfs of a few megabytes mounted on a new directory, with filler files to bring
 * it close to full quickly and to take its last byte. Mounting needs root (or CAP_SYS_ADMIN) on Linux, which
 * the tests have here and in CI ({@code .ci/run} runs as root); elsewhere the test using it is skipped, and
 * says why.
 */
public final class SmallDisk implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final Path path;
    private int fillers;

    private SmallDisk(Path path) {
        this.path = path;
    }

    /** Mounts a tmpfs of {@code size} ("2m"), or skips the calling test when this machine does not allow it. */
    public static SmallDisk mount(String size) {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "a tmpfs is mounted with Linux's mount(8); this is " + System.getProperty("os.name"));
        Path path;
        try {
            path = Files.createTempDirectory("parley-small-disk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run mount = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", path.toString());
        if (mount.exitCode() != 0) {
            delete(path);
        }
        Assumptions.assumeTrue(mount.exitCode() == 0,
                "this test needs a small real disk: mounting a tmpfs needs root or CAP_SYS_ADMIN, and `mount -t tmpfs` "
                        + "said (exit " + mount.exitCode() + "): " + mount.output().strip());
        return new SmallDisk(path);
    }

    public Path path() {
        return path;
    }

    public long freeBytes() {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a filler file that leaves about {@code bytes} free. */
    public void fillLeaving(long bytes) {
        long size = freeBytes() - bytes;
        if (size <= 0) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(nextFiller())) {
            byte[] chunk = new byte[CHUNK];
            for (long written = 0; written < size; written += CHUNK) {
                out.write(chunk, 0, (int) Math.min(CHUNK, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a filler file until the disk refuses another byte, as a disk that is really full does. */
    public void fillToTheLastByte() {
        try (OutputStream out = Files.newOutputStream(nextFiller())) {
            byte[] chunk = new byte[4096];
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            // "No space left on device": what was wanted
        }
        try (OutputStream out = Files.newOutputStream(nextFiller())) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // and the last bytes of a partly used block
        }
    }

    /** Deletes the filler files: the space comes back, as when an operator frees some. */
    public void free() {
        for (int i = 0; i < fillers; i++) {
            delete(path.resolve("filler-" + i));
        }
        fillers = 0;
    }

    private Path nextFiller() {
        return path.resolve("filler-" + fillers++);
    }

    @Override
    public void close() {
        Run umount = run("umount", path.toString());
        if (umount.exitCode() != 0) {
            run("umount", "--lazy", path.toString()); // detached all the same, so no mount outlives the tests
            throw new IllegalStateException("umount " + path + " failed (something still had it open): " + umount.output());
        }
        delete(path);
    }

    private record Run(int exitCode, String output) {}

    private static Run run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(-1, command[0] + " did not finish within 30 s");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            return new Run(-1, e.getMessage()); // no mount(8) at all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
