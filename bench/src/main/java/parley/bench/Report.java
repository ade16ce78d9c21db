package parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Writes the fan-out section of docs/benchmarks.md (between its markers, so other sections survive) and
 * the chart, and judges each of the targets against the figures of this run.
 */
final class Report {
    private static final String BEGIN = "<!-- fan-out benchmark: written by bench/run -->";
    private static final String END = "<!-- end of fan-out benchmark -->";
    static final double P99_1K_MILLIS = 15;
    static final double P99_2K_MILLIS = 40;
    static final double CPU_MICROS = 11;
    static final double SATURATED_DELIVERIES = 500_000;
    static final double RSS_KB_PER_STREAM = 8;
    private static final String RATED = Bench.RATE + "/s";
    private static final String STALLED = Bench.RATE + "/s, one stalled";

    private final List<Scenarios.Result> results;
    private final List<Scenarios.IdleResult> idle;
    private final String machine;
    private final boolean quick;

    Report(List<Scenarios.Result> results, List<Scenarios.IdleResult> idle, String machine, boolean quick) {
        this.results = results;
        this.idle = idle;
        this.machine = machine;
        this.quick = quick;
    }

    void write(Path markdown, Path svg) throws IOException {
        String section = BEGIN + "\n" + section(svg.getFileName().toString()) + END + "\n";
        String existing = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int from = existing.indexOf(BEGIN);
        int to = existing.indexOf(END);
        String updated = from >= 0 && to > from
                ? existing.substring(0, from) + section + existing.substring(to + END.length() + 1)
                : existing + "\n" + section;
        Files.writeString(markdown, updated);
        Files.writeString(svg, SvgChart.render(points("Parley"), points("Baseline"), P99_1K_MILLIS, CPU_MICROS,
                "Fan-out at 50 messages/s, server pinned to one core. " + machine + ", " + LocalDate.now()));
    }

    private List<SvgChart.Point> points(String server) {
        return results.stream().filter(r -> r.server().equals(server) && r.load().equals(RATED))
                .map(Scenarios.Result::subscribers).distinct().sorted()
                .map(n -> find(server, n, r -> r.load().equals(RATED)))
                .map(r -> new SvgChart.Point(r.subscribers(), r.p99Millis(), r.cpuMicrosPerDelivery()))
                .toList();
    }

    private String section(String chart) {
        StringBuilder out = new StringBuilder();
        out.append("## Fan-out: one room, thousands of streams\n\n");
        if (quick) {
            out.append("**A quick run (`--quick`): shorter and smaller than the full benchmark; not the recorded figures.**\n\n");
        }
        out.append("Measured ").append(LocalDate.now()).append(" on ").append(machine).append(".\n\n");
        out.append("""
                Run it from a clean clone with one command (it builds Parley and the benchmark, then takes about
                twenty minutes; `bench/run --quick` is a short smoke run, and `--only rate-1000 --server parley`
                runs one load against one server):

                ```sh
                bench/run
                ```

                Each load runs against a freshly started server pinned to core 0 (`taskset -c 0`), while the load
                generator runs on core 1, over loopback. Parley runs as shipped (`java -jar target/parley.jar`, its
                SQLite file with `synchronous=FULL`, each message rendered with `message.jte`), with `--heartbeat 10s --limits off`.
                The baseline (`bench/src/main/java/parley/bench/BaselineServer.java`) is the plain Javalin pattern: a set
                of `SseClient` per room and a POST handler that loops over `sendEvent`; it renders a similar `<li>` and,
                to its advantage, stores nothing. Messages are 60 characters and carry their number and send time;
                at a fixed rate the time written is the scheduled one, so a server that holds posters up is charged
                for it. Latency is post-to-delivery (HdrHistogram), CPU is the server's user + system time from
                `/proc/<pid>/stat` over the measured interval divided by the deliveries in it, memory is the
                change in the server's RSS (`/proc/<pid>/status`). Streams come from eight source addresses,
                127.0.0.2 to 127.0.0.9. Before each load the server's JIT is warmed with eight seconds of posting
                flat out, then ten seconds of the load itself. The 1,000- and 2,000-subscriber loads run three
                times: the targets are judged on the median of each figure (and the worst count of anything
                missing), and every run is in the table below. The generator polls its sockets from one thread
                that also posts: on loopback the sender pays for waking the receiver, and a generator asleep
                between events would bill the server for its own wake-ups.

                """);
        out.append("### Targets\n\n");
        out.append("| target | Parley | baseline | ratio | met |\n|---|---|---|---|---|\n");
        for (Verdict verdict : verdicts()) {
            out.append("| ").append(verdict.target()).append(" | ").append(verdict.parley()).append(" | ")
                    .append(verdict.baseline()).append(" | ").append(verdict.ratio()).append(" | ")
                    .append(verdict.met() ? "yes" : "**no**").append(" |\n");
        }
        out.append("\n![p99 latency and CPU per delivery against subscribers](").append(chart).append(")\n\n");
        out.append("### Every load\n\n");
        out.append("| load | N | server | posts/s | deliveries/s | p50 ms | p99 ms | max ms | CPU µs/delivery | of it in the kernel | missing | duplicates | post p99 ms | streams dropped | note |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Scenarios.Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %,.0f | %.1f | %.1f | %.1f | %.2f | %.0f%% | %d | %d | %.1f | %d | %s |%n",
                    r.load(), r.subscribers(), r.server(), r.postsPerSecond(), r.deliveriesPerSecond(), r.p50Millis(),
                    r.p99Millis(), r.maxMillis(), r.cpuMicrosPerDelivery(), 100 * r.kernelShare(), r.missing(), r.duplicates(),
                    r.postP99Millis(), r.droppedStreams(), r.note()));
        }
        out.append("\n### Idle streams\n\n");
        out.append("| server | streams | RSS before | RSS after | RSS per stream | threads before → after | streams that got a ping while held |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Scenarios.IdleResult r : idle) {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.0f MiB | %.0f MiB | %.1f KB | %d → %d | %,d |%n",
                    r.server(), r.streams(), r.rssBytesBefore() / 1048576.0, r.rssBytesAfter() / 1048576.0,
                    r.rssKilobytesPerStream(), r.threadsBefore(), r.threadsAfter(), r.streamsPinged()));
        }
        out.append("\n");
        return out.toString();
    }

    record Verdict(String target, String parley, String baseline, String ratio, boolean met) {}

    List<Verdict> verdicts() {
        List<Verdict> verdicts = new ArrayList<>();
        Scenarios.Result p1k = find("Parley", 1000, r -> r.load().equals(RATED));
        Scenarios.Result b1k = find("Baseline", 1000, r -> r.load().equals(RATED));
        if (p1k != null) {
            verdicts.add(new Verdict("1,000 × 50/s: p99 ≤ 15 ms", ms(p1k.p99Millis()), ms(b1k.p99Millis()),
                    ratio(b1k.p99Millis(), p1k.p99Millis()), p1k.p99Millis() <= P99_1K_MILLIS));
            verdicts.add(new Verdict("1,000 × 50/s: ≤ 11 µs CPU per delivery", us(p1k.cpuMicrosPerDelivery()),
                    us(b1k.cpuMicrosPerDelivery()), ratio(b1k.cpuMicrosPerDelivery(), p1k.cpuMicrosPerDelivery()),
                    p1k.cpuMicrosPerDelivery() <= CPU_MICROS));
            verdicts.add(new Verdict("1,000 × 50/s: nothing missing, nothing duplicated",
                    p1k.missing() + " missing, " + p1k.duplicates() + " duplicated",
                    b1k.missing() + " missing, " + b1k.duplicates() + " duplicated", "",
                    p1k.missing() == 0 && p1k.duplicates() == 0 && p1k.droppedStreams() == 0));
        }
        Scenarios.Result p2k = find("Parley", 2000, r -> r.load().equals(RATED));
        Scenarios.Result b2k = find("Baseline", 2000, r -> r.load().equals(RATED));
        if (p2k != null) {
            verdicts.add(new Verdict("2,000 × 50/s: p99 ≤ 40 ms", ms(p2k.p99Millis()), ms(b2k.p99Millis()),
                    ratio(b2k.p99Millis(), p2k.p99Millis()), p2k.p99Millis() <= P99_2K_MILLIS));
            verdicts.add(new Verdict("2,000 × 50/s: posting keeps its rate",
                    String.format(Locale.ROOT, "%.1f posts/s, post p99 %s", p2k.postsPerSecond(), ms(p2k.postP99Millis())),
                    String.format(Locale.ROOT, "%.1f posts/s, post p99 %s", b2k.postsPerSecond(), ms(b2k.postP99Millis())),
                    "", p2k.postsPerSecond() >= Bench.RATE * 0.98 && p2k.missing() == 0));
        }
        Scenarios.Result pSat = find("Parley", 1000, r -> r.load().equals("saturated"));
        Scenarios.Result bSat = find("Baseline", 1000, r -> r.load().equals("saturated"));
        verdicts.add(new Verdict("1,000, posting flat out: ≥ 500,000 deliveries/s", count(pSat.deliveriesPerSecond()),
                count(bSat.deliveriesPerSecond()), ratio(pSat.deliveriesPerSecond(), bSat.deliveriesPerSecond()),
                pSat.deliveriesPerSecond() >= SATURATED_DELIVERIES && pSat.missing() == 0));
        Scenarios.IdleResult pIdle = idle.get(0);
        Scenarios.IdleResult bIdle = idle.get(1);
        verdicts.add(new Verdict(String.format(Locale.ROOT, "%,d idle streams: ≤ 8 KB RSS per stream", pIdle.streams()),
                kb(pIdle.rssKilobytesPerStream()), kb(bIdle.rssKilobytesPerStream()),
                ratio(bIdle.rssKilobytesPerStream(), pIdle.rssKilobytesPerStream()),
                pIdle.rssKilobytesPerStream() <= RSS_KB_PER_STREAM && pIdle.streamsPinged() == pIdle.streams()));
        verdicts.add(new Verdict("… and no platform thread per stream",
                pIdle.threadsBefore() + " → " + pIdle.threadsAfter() + " threads",
                bIdle.threadsBefore() + " → " + bIdle.threadsAfter() + " threads", "",
                pIdle.threadsAfter() - pIdle.threadsBefore() < pIdle.streams() / 20)); // a thread per stream would be +streams
        Scenarios.Result pStall = find("Parley", 1000, r -> r.load().equals(STALLED));
        Scenarios.Result bStall = find("Baseline", 1000, r -> r.load().equals(STALLED));
        if (p1k != null) {
            double pFactor = pStall.p99Millis() / p1k.p99Millis();
            double bFactor = bStall.p99Millis() / b1k.p99Millis();
            verdicts.add(new Verdict("one stalled among 1,000: others' p99 changes < 2×, and it is dropped",
                    String.format(Locale.ROOT, "p99 %s (%.2f×); %s", ms(pStall.p99Millis()), pFactor, pStall.note()),
                    String.format(Locale.ROOT, "p99 %s (%.2f×); %s", ms(bStall.p99Millis()), bFactor, bStall.note()),
                    "", pFactor < 2 && pStall.note().contains("dropped") && pStall.missing() == 0));
        }
        return verdicts;
    }

    String verdict() {
        StringBuilder out = new StringBuilder();
        for (Verdict v : verdicts()) {
            out.append(v.met() ? "met      " : "NOT MET  ").append(v.target()).append(": ").append(v.parley())
                    .append(" (baseline ").append(v.baseline()).append(")\n");
        }
        return out.toString();
    }

    /** The load's result; for a load that ran several times, the median of each figure and the worst counts. */
    private Scenarios.Result find(String server, int subscribers, Predicate<Scenarios.Result> which) {
        List<Scenarios.Result> runs = results.stream()
                .filter(r -> r.server().equals(server) && r.subscribers() == subscribers && which.test(r)).toList();
        if (runs.size() <= 1) {
            return runs.isEmpty() ? null : runs.getFirst();
        }
        Scenarios.Result first = runs.getFirst();
        return new Scenarios.Result(server, first.load(), subscribers, median(runs, Scenarios.Result::postsPerSecond),
                first.posted(), (long) median(runs, r -> r.deliveries()),
                runs.stream().mapToLong(Scenarios.Result::missing).max().orElse(0),
                runs.stream().mapToLong(Scenarios.Result::duplicates).max().orElse(0),
                median(runs, Scenarios.Result::deliveriesPerSecond), median(runs, Scenarios.Result::p50Millis),
                median(runs, Scenarios.Result::p99Millis), median(runs, Scenarios.Result::maxMillis),
                median(runs, Scenarios.Result::cpuMicrosPerDelivery), median(runs, Scenarios.Result::postP99Millis),
                runs.stream().mapToInt(Scenarios.Result::droppedStreams).max().orElse(0),
                median(runs, Scenarios.Result::kernelShare), "median of " + runs.size() + " runs");
    }

    private static double median(List<Scenarios.Result> runs, ToDoubleFunction<Scenarios.Result> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static String us(double value) {
        return String.format(Locale.ROOT, "%.2f µs", value);
    }

    private static String kb(double value) {
        return String.format(Locale.ROOT, "%.1f KB", value);
    }

    private static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f/s", value);
    }

    /** How many times better Parley is: "12×". */
    private static String ratio(double worse, double better) {
        return String.format(Locale.ROOT, "%.1f×", worse / better);
    }
}
