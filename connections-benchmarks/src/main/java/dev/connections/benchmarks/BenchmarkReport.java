package dev.connections.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark with its baseline and prints one table: benchmark, score, baseline, ratio,
 * target, met.
 *
 * <p>Each benchmark and its baseline run as a pair, in a fresh fork each with 5 × 1 s warm-up and 5 × 1 s
 * measurement, in {@code bench.runs} runs (default 3) whose pair order alternates (AB, BA, AB). The table shows each
 * side's median over every measured iteration with its range, and the median of the runs' ratios with their range.
 * A full run takes about 25 minutes on two cores with both databases. System properties: {@code bench.quick=true}
 * (1 run, 1 × 1 s warm-up and measurement, for a smoke run), {@code bench.runs}, {@code bench.rounds} (pairs per
 * run, default 1), {@code bench.memory.connections} (default 100,000), {@code bench.output} (where the Markdown
 * table is also written), {@code bench.docs} (a BENCHMARKS.md whose generated section is replaced by the result). PostgreSQL benchmarks run
 * when {@code CONNECTIONS_BENCH_POSTGRES_URL} or {@code CONNECTIONS_TEST_POSTGRES_URL} is set, MariaDB ones when
 * {@code CONNECTIONS_BENCH_MARIADB_URL} or {@code CONNECTIONS_TEST_MARIADB_URL} is.
 */
public final class BenchmarkReport {

    /**
     * One line of the table: a library benchmark, its baseline and the ratio it should stay under; {@code
     * params} are JMH parameters both run with, {@code mode} overrides the benchmarks' own mode (null keeps
     * it), {@code p99} reads each iteration's 99th percentile (for {@link Mode#SampleTime}) instead of its
     * score, and {@code iterations} (when above 0) sets a row's warm-up and measured iterations per fork,
     * for benchmarks whose single operation takes seconds.
     */
    private record Row(
            String label,
            String benchmark,
            String baseline,
            @Nullable Double target,
            Map<String, String> params,
            @Nullable Mode mode,
            boolean p99,
            int iterations) {
        Row(String label, String benchmark, String baseline, @Nullable Double target) {
            this(label, benchmark, baseline, target, Map.of(), null, false, 0);
        }

        /** The key under which a side's iterations are kept: the same benchmark runs in several rows. */
        String key(String name) {
            return name + params + (mode == null ? "" : mode.shortLabel()) + (p99 ? "p99" : "");
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row(
                    "resolveDefault, cached hit, 1 thread",
                    "ResolveBenchmark.resolveDefaultCachedHit",
                    "ResolveBenchmark.baselineCaffeineAndDecrypt",
                    1.5),
            new Row(
                    "resolveDefault, cached hit, 2 threads",
                    "ResolveBenchmark.resolveDefaultCachedHit2Threads",
                    "ResolveBenchmark.baselineCaffeineAndDecrypt2Threads",
                    1.5),
            new Row(
                    "resolveDefault, cached hit, 1 thread, against a Cipher kept per thread",
                    "ResolveBenchmark.resolveDefaultCachedHit",
                    "ResolveBenchmark.baselineCaffeineAndDecryptReusedCipher",
                    1.3),
            new Row(
                    "resolveDefault, cached hit, 2 threads, against a Cipher kept per thread",
                    "ResolveBenchmark.resolveDefaultCachedHit2Threads",
                    "ResolveBenchmark.baselineCaffeineAndDecryptReusedCipher2Threads",
                    1.3),
            new Row(
                    "exploreIntegrations, 10,000 integrations",
                    "ExploreBenchmark.exploreIntegrations",
                    "ExploreBenchmark.baselineLinearContainsScan",
                    null),
            new Row(
                    "resolveDefault, uncached, PostgreSQL",
                    "PostgresBenchmark.resolveDefaultUncached",
                    "PostgresBenchmark.baselineSelectByPrimaryKey",
                    1.3),
            new Row(
                    "addConnection, PostgreSQL",
                    "PostgresBenchmark.addConnection",
                    "PostgresBenchmark.baselineInsertStatements",
                    1.5),
            new Row(
                    "addConnection as a host runs it, PostgreSQL",
                    "PostgresBenchmark.addConnectionAsHost",
                    "PostgresBenchmark.baselineInsertStatementsAsHost",
                    1.3),
            new Row(
                    "setDefault, PostgreSQL",
                    "PostgresBenchmark.setDefault",
                    "PostgresBenchmark.baselineSetDefaultStatements",
                    1.5),
            new Row(
                    "addConnection, MariaDB",
                    "MariaDbBenchmark.addConnection",
                    "MariaDbBenchmark.baselineInsertStatements",
                    1.5),
            new Row(
                    "addConnection as a host runs it, MariaDB",
                    "MariaDbBenchmark.addConnectionAsHost",
                    "MariaDbBenchmark.baselineInsertStatementsAsHost",
                    1.3),
            new Row(
                    "setDefault, MariaDB",
                    "MariaDbBenchmark.setDefault",
                    "MariaDbBenchmark.baselineSetDefaultStatements",
                    1.5),
            new Row(
                    "addConnection, MariaDB, allowMultiQueries=true",
                    "MariaDbMultiStatementsBenchmark.addConnection",
                    "MariaDbMultiStatementsBenchmark.baselineInsertStatements",
                    1.5),
            new Row(
                    "setDefault, MariaDB, allowMultiQueries=true",
                    "MariaDbMultiStatementsBenchmark.setDefault",
                    "MariaDbMultiStatementsBenchmark.baselineSetDefaultStatements",
                    1.5),
            new Row(
                    "bulk import, 1,000 connections, PostgreSQL",
                    "ImportBenchmark.importConnections",
                    "ImportBenchmark.baselineBatchedInserts",
                    null),
            rotation(500, 1.5, 0),
            rotation(2_500, 1.3, 0),
            // One operation takes seconds: a warm-up and 3 measured operations per fork.
            rotation(100_000, 1.3, 3),
            new Row(
                    "resolveDefault, 16 threads, 100,000 workspaces × 2 apps, cache of 10,000, Zipf 0.99: throughput",
                    "ConcurrencyBenchmark.resolveDefault",
                    "ConcurrencyBenchmark.baselineCaffeine",
                    null,
                    Map.of(),
                    Mode.Throughput,
                    false,
                    0),
            new Row(
                    "resolveDefault, 16 threads, 100,000 workspaces × 2 apps, cache of 10,000, Zipf 0.99: p99",
                    "ConcurrencyBenchmark.resolveDefault",
                    "ConcurrencyBenchmark.baselineCaffeine",
                    null,
                    Map.of(),
                    Mode.SampleTime,
                    true,
                    0));

    private static Row rotation(int secrets, double target, int iterations) {
        return new Row(
                String.format(Locale.ROOT, "key rotation, %,d secrets in batches of 500, PostgreSQL", secrets),
                "RotationBenchmark.rotate",
                "RotationBenchmark.baselineBatchedRewrite",
                target,
                Map.of("secrets", Integer.toString(secrets)),
                null,
                false,
                iterations);
    }

    private BenchmarkReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        // Other processes share the cores: the load at both ends of the run goes with the table.
        String loadAtStart = loadAverage();
        boolean quick = Boolean.getBoolean("bench.quick");
        List<String> includes =
                new ArrayList<>(List.of("ResolveBenchmark", "ExploreBenchmark", "ConcurrencyBenchmark"));
        if (BenchDatabase.POSTGRESQL.url() != null) {
            includes.addAll(List.of("PostgresBenchmark", "ImportBenchmark", "RotationBenchmark"));
        } else {
            System.out.println(BenchDatabase.POSTGRESQL.howToEnable());
        }
        if (BenchDatabase.MARIADB.url() != null) {
            includes.addAll(List.of("MariaDbBenchmark", "MariaDbMultiStatementsBenchmark"));
        } else {
            System.out.println(BenchDatabase.MARIADB.howToEnable());
        }
        if (args.length > 0) {
            includes = List.of(args);
        }
        int runs = Integer.getInteger("bench.runs", quick ? 1 : 3);
        int rounds = Integer.getInteger("bench.rounds", 1);
        List<Map<String, Score>> scoresByRun = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        Map<String, List<Double>> allIterations = new HashMap<>();
        Map<String, String> units = new HashMap<>();
        for (int run = 0; run < runs; run++) {
            String loadBefore = loadAverage();
            Map<String, List<Double>> iterations = new HashMap<>();
            for (int round = 0; round < rounds; round++) {
                Set<String> measured = new HashSet<>();
                for (Row row : ROWS) {
                    if (!included(row, includes)) {
                        continue;
                    }
                    // Alternate the order (AB, BA, ...) across runs and rounds: on a shared machine the load drifts,
                    // and the drift should not always favour whichever of the pair ran second.
                    List<String> order = (run + round) % 2 == 0
                            ? List.of(row.benchmark(), row.baseline())
                            : List.of(row.baseline(), row.benchmark());
                    for (String name : order) {
                        if (measured.add(row.key(name))) { // a benchmark shared by two rows runs once per round
                            measure(name, row, quick, iterations, units);
                        }
                    }
                }
            }
            Map<String, Score> scores = new HashMap<>();
            iterations.forEach((name, list) -> {
                scores.put(name, Score.of(list, units.get(name)));
                allIterations.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list);
            });
            scoresByRun.add(scores);
            loads.add(loadBefore + " → " + loadAverage());
        }
        Map<String, Score> byName = new HashMap<>();
        allIterations.forEach((name, scores) -> byName.put(name, Score.of(scores, units.get(name))));

        List<String[]> table = new ArrayList<>();
        for (Row row : ROWS) {
            Score score = byName.get(row.key(row.benchmark()));
            Score base = byName.get(row.key(row.baseline()));
            if (score == null || base == null) {
                table.add(new String[] {row.label(), "not run", "not run", "", target(row.target()), ""});
                continue;
            }
            // The verdict is the median of the runs' ratios; their range is the spread a reader should expect.
            List<Double> ratios = new ArrayList<>();
            for (Map<String, Score> run : scoresByRun) {
                Score s = run.get(row.key(row.benchmark()));
                Score b = run.get(row.key(row.baseline()));
                if (s != null && b != null) {
                    ratios.add(timeRatio(s, b));
                }
            }
            Score ratio = Score.of(ratios, "");
            String met = row.target() == null ? "(report)" : ratio.median() <= row.target() ? "yes" : "NO";
            table.add(new String[] {
                row.label(),
                score.toString(),
                base.toString(),
                ratios.size() == 1
                        ? String.format(Locale.ROOT, "%.2f×", ratio.median())
                        : String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", ratio.median(), ratio.min(), ratio.max()),
                target(row.target()),
                met
            });
        }

        int connections = Integer.getInteger("bench.memory.connections", 100_000);
        MemoryFootprint.Result memory = MemoryFootprint.measure(connections);
        table.add(new String[] {
            String.format(
                    Locale.ROOT, "memory per connection, in-memory adapter (%,d connections)", memory.connections()),
            String.format(Locale.ROOT, "%.0f bytes", memory.bytesPerConnection()),
            String.format(Locale.ROOT, "%.0f bytes", memory.baselineBytesPerConnection()),
            String.format(Locale.ROOT, "%.2f×", memory.bytesPerConnection() / memory.baselineBytesPerConnection()),
            "—",
            "(report)"
        });

        String markdown = markdown(table);
        StringBuilder runLines = new StringBuilder();
        for (int run = 0; run < loads.size(); run++) {
            runLines.append(String.format(Locale.ROOT, "- run %d: load average %s%n", run + 1, loads.get(run)));
        }
        String report = machine(loadAtStart) + "\n\n" + runs + " run(s) of " + rounds
                + " round(s); score and baseline: median of every measured iteration of all runs (range); ratio:"
                + " median of the runs' ratios (range over the runs).\n\n" + runLines + "\n" + markdown;
        System.out.println();
        System.out.println(report);
        String output = System.getProperty("bench.output");
        if (output != null) {
            Files.writeString(Path.of(output), report, StandardCharsets.UTF_8);
        }
        String docs = System.getProperty("bench.docs");
        if (docs != null) {
            GeneratedSection.replace(Path.of(docs), String.join(" ", args), report);
        }
    }

    private static void measure(
            String name, Row row, boolean quick, Map<String, List<Double>> iterations, Map<String, String> units)
            throws RunnerException {
        String key = row.key(name);
        for (RunResult r : new Runner(options(name, row, quick)).run()) {
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    iterations
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(
                                    row.p99()
                                            ? i.getPrimaryResult()
                                                    .getStatistics()
                                                    .getPercentile(99)
                                            : i.getPrimaryResult().getScore());
                }
            }
            units.put(key, r.getPrimaryResult().getScoreUnit() + (row.p99() ? " p99" : ""));
        }
    }

    /** Always library time over baseline time: for a rate (ops/s) that is the baseline's over the library's. */
    private static double timeRatio(Score library, Score baseline) {
        return library.unit().endsWith("/s")
                ? baseline.median() / library.median()
                : library.median() / baseline.median();
    }

    private static boolean included(Row row, List<String> includes) {
        String benchmarkClass = row.benchmark().substring(0, row.benchmark().indexOf('.'));
        return includes.contains(benchmarkClass);
    }

    private static Options options(String benchmark, Row row, boolean quick) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^dev\\.connections\\.benchmarks\\." + benchmark.replace(".", "\\.") + "$")
                .shouldFailOnError(true)
                .measurementIterations(5)
                .jvmArgsAppend("-Xmx512m");
        row.params().forEach(options::param);
        if (row.mode() != null) {
            options.mode(row.mode());
            if (row.mode() == Mode.SampleTime) {
                // Latencies of microseconds would read 0.00 in the seconds a throughput benchmark is set up with.
                options.timeUnit(TimeUnit.MICROSECONDS);
            }
        }
        if (row.iterations() > 0) {
            options.warmupIterations(1).measurementIterations(row.iterations());
        }
        if (quick) {
            options.warmupIterations(1)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1)
                    .measurementTime(TimeValue.seconds(1));
        }
        return options.build();
    }

    private static String target(@Nullable Double target) {
        return target == null ? "—" : String.format(Locale.ROOT, "≤ %.1f×", target);
    }

    /**
     * The median of a benchmark's measurement iterations and their range. On a shared machine the median
     * resists the odd iteration that another process slowed down, which the mean does not.
     */
    private record Score(double median, double min, double max, String unit) {
        static Score of(List<Double> iterations, String unit) {
            List<Double> scores = new ArrayList<>(iterations);
            Collections.sort(scores);
            int n = scores.size();
            double median = n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
            return new Score(median, scores.get(0), scores.get(n - 1), unit);
        }

        @Override
        public String toString() {
            return number(median) + " " + unit + " (" + number(min) + "–" + number(max) + ")";
        }
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String markdown(List<String[]> rows) {
        String[] header = {"benchmark", "score", "baseline", "ratio", "target", "met?"};
        int[] width = new int[header.length];
        for (String[] r :
                Stream.concat(Stream.<String[]>of(header), rows.stream()).toList()) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, width);
        String[] rule = new String[header.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        line(b, rule, width);
        rows.forEach(r -> line(b, r, width));
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] width) {
        b.append('|');
        for (int i = 0; i < cells.length; i++) {
            b.append(' ')
                    .append(cells[i])
                    .append(" ".repeat(width[i] - cells[i].length()))
                    .append(" |");
        }
        b.append('\n');
    }

    /** The three load averages, or "unknown" off Linux. */
    private static String loadAverage() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return avg[0] + " " + avg[1] + " " + avg[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String machine(String loadAtStart) {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // Not Linux: the JVM's view below still identifies the machine.
        }
        String load = ", load average " + loadAtStart + " at the start of the run, " + loadAverage() + " at the end";
        return String.format(
                Locale.ROOT,
                "Machine: %s, %d cores available to the JVM, %s %s (%s), %s %s" + load,
                cpu,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }
}
