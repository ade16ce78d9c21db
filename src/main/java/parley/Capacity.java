package parley;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many event streams this node takes ({@code --max-streams}), and whether the process can hold them.
 * Each open stream is a connection, so a file descriptor, and some heap (docs/capacity.md has the
 * measurements). A node that runs out of descriptors fails every new connection with "Too many open files"
 * (posts and pages too, not only streams); one that runs out of heap stalls in garbage collection. With a
 * cap below both, the streams past it are refused with a 503 that a browser or a proxy can act on.
 *
 * @param maxStreams the cap the node enforces
 * @param reason     how the cap was arrived at, for the start-up line
 * @param warnings   what the operator should fix: the cap asked for is more than the process can hold
 */
record Capacity(int maxStreams, String reason, List<String> warnings) {
    /** Descriptors the process uses whatever its streams: the jar, the database's files and connections, the JVM's own. */
    static final long FIXED_DESCRIPTORS = 100;
    /**
     * Heap to allow per open stream: about three times the live heap an idle stream was measured to hold
     * (docs/capacity.md), for the garbage its pings make and the collector's room to work.
     */
    static final long HEAP_PER_STREAM = 16 * 1024;

    /**
     * Descriptors needed to hold {@code streams} streams: the fixed ones, the streams, and one more for every
     * four streams for connections that are not streams (page loads and posts: a browser keeps the connection
     * it posted on open for up to a minute).
     */
    static long descriptorsFor(long streams) {
        return FIXED_DESCRIPTORS + streams + streams / 4;
    }

    /** The most streams {@code descriptors} hold: the inverse of {@link #descriptorsFor}. */
    static long streamsFor(long descriptors) {
        return Math.max(0, (descriptors - FIXED_DESCRIPTORS) * 4 / 5);
    }

    /**
     * @param configured      {@code --max-streams}, or {@link Config#AUTO}
     * @param descriptorLimit the most descriptors this process may open, or -1 when unknown
     * @param maxHeap         the most heap the JVM will use (Runtime.maxMemory)
     */
    static Capacity of(int configured, long descriptorLimit, long maxHeap) {
        long byDescriptors = descriptorLimit < 0 ? Long.MAX_VALUE : streamsFor(descriptorLimit);
        long byHeap = maxHeap / HEAP_PER_STREAM;
        String limits = (descriptorLimit < 0 ? "descriptor limit unknown" : "descriptor limit " + n(descriptorLimit))
                + ", heap " + mb(maxHeap);
        if (configured == Config.AUTO) {
            long max = Math.max(1, Math.min(Math.min(byDescriptors, byHeap), Integer.MAX_VALUE));
            String bound = byDescriptors <= byHeap ? "what the descriptor limit allows" : "what the heap allows";
            return new Capacity((int) max, "--max-streams auto: " + bound + "; " + limits, List.of());
        }
        List<String> warnings = new ArrayList<>();
        if (configured > byDescriptors) {
            warnings.add(String.format(Locale.ROOT, "--max-streams %s needs about %s descriptors, but this process may "
                    + "open only %s (ulimit -n): past about %s streams, new connections (posts too) would fail with "
                    + "\"Too many open files\". Raise the limit (LimitNOFILE= in a systemd unit, --ulimit nofile= in "
                    + "Docker) or lower --max-streams.", n(configured), n(descriptorsFor(configured)), n(descriptorLimit),
                    n(byDescriptors)));
        }
        if (configured > byHeap) {
            warnings.add(String.format(Locale.ROOT, "--max-streams %s needs about %s of heap, but the JVM may use only "
                    + "%s: past about %s streams it would spend its time collecting garbage. Raise -Xmx or lower "
                    + "--max-streams.", n(configured), mb(configured * HEAP_PER_STREAM), mb(maxHeap), n(byHeap)));
        }
        return new Capacity(configured, "--max-streams " + n(configured) + "; " + limits, warnings);
    }

    /** This process's descriptor limit as the JVM sees it (it raises the soft limit to the hard one), or -1. */
    static long descriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** For this process: its descriptor limit and its heap. */
    static Capacity of(int configured) {
        return of(configured, descriptorLimit(), Runtime.getRuntime().maxMemory());
    }

    private static String n(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", bytes >> 20);
    }
}
