package parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The fan-out benchmark: the same loads against Parley and against the plain-Javalin baseline, each
 * server pinned to one core and started fresh for every load. Run it with {@code bench/run}, which pins
 * this generator to the other core; it prints each figure as it is measured and then writes
 * docs/benchmarks.md and docs/benchmarks.svg.
 */
public final class Bench {
    private static final long EPOCH = System.nanoTime();
    static final int SERVER_CPU = 0;
    static final int RATE = 50;
    private static final List<Integer> TARGET_LOADS = List.of(1000, 2000);

    /** The generator's clock, shared by posters and streams: nanoseconds since it started. */
    static long now() {
        return System.nanoTime() - EPOCH;
    }

    /** Waits between polls of a condition, or until a scheduled moment; never as a substitute for one. */
    static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    /** A server under test and how to start it; {port} and {data} are filled in at each start. */
    record Target(String name, List<String> javaArgs) {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path root = Path.of("").toAbsolutePath();
        Path benchJar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // --parley-jar other/target/parley.jar: another build of Parley (an earlier commit's, to compare).
        Path parleyJar = option(args, "--parley-jar").map(Path::of).orElse(root.resolve("target/parley.jar"));
        if (!Files.exists(parleyJar)) {
            throw new IllegalStateException("build Parley first: " + parleyJar + " is missing");
        }
        List<String> parleyArgs = new ArrayList<>(List.of("-jar", parleyJar.toString(), "--host", "127.0.0.1",
                "--port", "{port}", "--data", "{data}/parley.db", "--heartbeat", "10s",
                // Thousands of streams and flat-out posting from one session and one address are the point here.
                "--limits", "off"));
        // --no-accounts: that build is from before accounts (issue 14) and knows neither option.
        if (!List.of(args).contains("--no-accounts")) {
            // The benchmark signs up its account; it measures the fan-out, not password hashing.
            parleyArgs.addAll(List.of("--open-signup", "--password-hashing", "m=8,t=1,p=1"));
        }
        // --server-args "--max-streams 19500": more of Parley's own options.
        option(args, "--server-args").ifPresent(more -> parleyArgs.addAll(List.of(more.strip().split("\\s+"))));
        Target parley = new Target("Parley", parleyArgs);
        Target baseline = new Target("Baseline", List.of("-cp", benchJar.toString(),
                "parley.bench.BaselineServer", "{port}", "5"));
        List<Target> targets = option(args, "--server").map(name -> List.of(name.equals("baseline") ? baseline : parley))
                .orElse(List.of(parley, baseline));
        Runner runner = new Runner(root.resolve("bench/target/logs"), option(args, "--server-jvm").orElse(""));
        // --only rate-1000,saturated,stalled,idle: a subset for working on one figure; no report is written.
        List<String> only = option(args, "--only").map(o -> List.of(o.split(","))).orElse(List.of());

        List<Integer> sweep = quick ? List.of(250, 1000) : List.of(250, 500, 1000, 2000, 4000);
        // Long enough for the server's JIT to finish with the hot paths: its compiler threads share the one core.
        // --warmup 40: longer, to measure once the server's JIT has settled (on one core it is still compiling
        // after 10 s of flat-out posting, and shares the core with what is measured).
        Duration warmup = Duration.ofSeconds(Long.parseLong(option(args, "--warmup").orElse(quick ? "2" : "10")));
        Duration measure = Duration.ofSeconds(quick ? 5 : 10);
        List<Scenarios.Result> results = new ArrayList<>();
        for (int subscribers : sweep) {
            // The loads the targets are judged on run three times, and are judged on the median run:
            // on a shared virtual machine one run in a few is slowed by its neighbours.
            int runs = !quick && TARGET_LOADS.contains(subscribers) ? 3 : 1;
            for (int run = 0; run < runs; run++) {
                for (Target target : targets) {
                    if (wanted(only, "rate-" + subscribers)) {
                        results.add(runner.run(target, server ->
                                Scenarios.atRate(server, subscribers, RATE, warmup, measure, false)));
                    }
                }
            }
        }
        // --only members-1000: every stream its own person, a member of the room with a sidebar (issue 16).
        for (Target target : targets) {
            if (only.contains("members-1000") && target == parley) {
                results.add(runner.run(target, server -> Scenarios.membersAtRate(server, 1000, RATE, warmup, measure)));
            }
        }
        for (Target target : targets) {
            if (wanted(only, "saturated")) {
                results.add(runner.run(target, server -> Scenarios.saturated(server, 1000, Scenarios.SATURATING_POSTERS, warmup, measure)));
            }
        }
        for (Target target : targets) {
            if (wanted(only, "stalled")) {
                results.add(runner.run(target, server ->
                        Scenarios.atRate(server, 1000, RATE, warmup, quick ? measure : Duration.ofSeconds(30), true)));
            }
        }
        // --only cluster --database-url jdbc:postgresql://…: two nodes sharing that (empty) database; see bench/run-cluster.
        if (only.contains("cluster")) {
            String url = option(args, "--database-url").orElseThrow(
                    () -> new IllegalArgumentException("--only cluster needs --database-url (bench/run-cluster gives one)"));
            List<String> node = new ArrayList<>(parley.javaArgs());
            node.addAll(List.of("--database-url", url));
            Path data = Files.createTempDirectory("parley-bench");
            List<String> args0 = node.stream().map(a -> a.replace("{data}", data.toString())).toList();
            Path logs = root.resolve("bench/target/logs");
            try (ServerProcess a = ServerProcess.start("Parley A", SERVER_CPU, args0, logs.resolve("node-a.log"));
                    ServerProcess b = ServerProcess.start("Parley B", SERVER_CPU, args0, logs.resolve("node-b.log"))) {
                ClusterScenario.run(a, b, 1000, RATE, warmup, measure);
            }
        }
        // --only latency: one post, and one stream open, at a time: what a request costs the server (issue 14).
        // Parley only: the baseline's streams send nothing until their first ping.
        for (Target target : targets) {
            if (only.contains("latency") && target == parley) {
                runner.run(target, server -> Latency.measure(server, quick ? 500 : 10_000, quick ? 300 : 4000));
            }
        }
        // --only search: 100,000 messages written straight into the server's SQLite file, then a mix of searches one
        // at a time over HTTP (issue 16). Parley only: the baseline has no search.
        for (Target target : targets) {
            if (only.contains("search") && target == parley) {
                runner.run(target, (server, data) -> SearchLoad.measure(server, data.resolve("parley.db"), quick));
            }
        }
        // --inspect-idle 60: keep the idle load's streams open a minute longer, to look inside the server.
        Duration inspection = Duration.ofSeconds(Long.parseLong(option(args, "--inspect-idle").orElse("0")));
        // --idle-streams 19000: as many idle streams as that (each side needs a descriptor per stream).
        int idleStreams = Integer.parseInt(option(args, "--idle-streams").orElse(quick ? "2000" : "15000"));
        // --idle-after 60: then close them, and read the memory once they are gone and after a minute idle.
        Duration idleAfter = Duration.ofSeconds(Long.parseLong(option(args, "--idle-after").orElse("0")));
        List<Scenarios.IdleResult> idle = new ArrayList<>();
        for (Target target : targets) {
            if (wanted(only, "idle")) {
                idle.add(runner.run(target, server -> Scenarios.idle(server, idleStreams, Duration.ofSeconds(7), inspection,
                        idleAfter)));
            }
        }
        if (!only.isEmpty() || targets.size() < 2) {
            return;
        }
        Report report = new Report(results, idle, Machine.describe(), quick);
        report.write(root.resolve("docs/benchmarks.md"), root.resolve("docs/benchmarks.svg"));
        System.out.println(report.verdict());
    }

    private static boolean wanted(List<String> only, String load) {
        return only.isEmpty() || only.contains(load);
    }

    private static java.util.Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return java.util.Optional.of(args[i + 1]);
            }
        }
        return java.util.Optional.empty();
    }

    /** Starts a fresh server for each load, so no load inherits another's history, heap or JIT state. */
    private record Runner(Path logs, String extraJvmArgs) {
        interface Load<T> {
            T on(ServerProcess server) throws Exception;
        }

        /** A load that also works on the server's data directory (its {data}). */
        interface LoadOnData<T> {
            T on(ServerProcess server, Path data) throws Exception;
        }

        <T> T run(Target target, Load<T> load) throws Exception {
            return run(target, (LoadOnData<T>) (server, data) -> load.on(server));
        }

        <T> T run(Target target, LoadOnData<T> load) throws Exception {
            Path data = Files.createTempDirectory("parley-bench");
            List<String> args = new ArrayList<>();
            if (!extraJvmArgs.isBlank()) {
                args.addAll(List.of(extraJvmArgs.strip().split("\\s+")));
            }
            target.javaArgs().forEach(a -> args.add(a.replace("{data}", data.toString())));
            Path log = logs.resolve(target.name().toLowerCase(Locale.ROOT) + ".log");
            try (ServerProcess server = ServerProcess.start(target.name(), SERVER_CPU, args, log)) {
                T result = load.on(server, data);
                System.out.println(result);
                return result;
            }
        }
    }
}
