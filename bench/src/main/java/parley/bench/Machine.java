package parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the benchmark ran on, for the report: figures mean little without the machine beside them. */
final class Machine {
    private Machine() {}

    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        long memoryKb = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.replaceAll("\\D", ""))).orElse(0L);
        String kernel = read(Path.of("/proc/sys/kernel/osrelease")).strip();
        return String.format("%s, %d cores, %.0f GiB RAM, Linux %s, Java %s (%s)", cpu,
                countCores(), // not availableProcessors(): this generator is itself pinned to one core
                memoryKb / 1024.0 / 1024.0, kernel, System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    private static int countCores() {
        return (int) read(Path.of("/proc/cpuinfo")).lines().filter(l -> l.startsWith("processor")).count();
    }

    private static Optional<String> firstValue(Path file, String key) {
        return read(file).lines().filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
