package dev.connections.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reproduces issue 22's independent measurement of {@code addConnection}: the library wired as a host runs it
 * ({@link HostSetup}), warmed up, then adds in rounds alternating with the same adds as bare SQL on the same
 * pool, printing µs per add for each side and their ratio per round and over all rounds.
 *
 * <pre>
 * java -cp connections-benchmarks/target/benchmarks.jar dev.connections.benchmarks.AddHarness [postgresql|mariadb]
 *     [adds=2000] [round=500] [warm-up=2000]
 * </pre>
 */
public final class AddHarness {
    private AddHarness() {}

    public static void main(String[] args) throws Exception {
        BenchDatabase database =
                BenchDatabase.valueOf((args.length > 0 ? args[0] : "postgresql").toUpperCase(Locale.ROOT));
        int adds = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int round = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        if (database.url() == null) {
            System.out.println(database.howToEnable());
            return;
        }
        try (HostSetup host = HostSetup.open(database, "harness")) {
            long n = 0;
            for (int i = 0; i < warmUp; i++) {
                host.add(++n);
                host.bareAdd(++n);
            }
            List<Double> ratios = new ArrayList<>();
            long libraryNanos = 0;
            long bareNanos = 0;
            for (int done = 0, r = 1; done < adds; done += round, r++) {
                int count = Math.min(round, adds - done);
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    host.add(++n);
                }
                long library = System.nanoTime() - start;
                start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    host.bareAdd(++n);
                }
                long bare = System.nanoTime() - start;
                libraryNanos += library;
                bareNanos += bare;
                ratios.add((double) library / bare);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: library %.0f µs/add, bare %.0f µs/add, %.2f×%n",
                        r,
                        library / 1e3 / count,
                        bare / 1e3 / count,
                        (double) library / bare);
            }
            Collections.sort(ratios);
            System.out.printf(
                    Locale.ROOT,
                    "%s, %d adds: library %.0f µs/add, bare %.0f µs/add, %.2f× (rounds %.2f–%.2f×)%n",
                    database,
                    adds,
                    libraryNanos / 1e3 / adds,
                    bareNanos / 1e3 / adds,
                    (double) libraryNanos / bareNanos,
                    ratios.get(0),
                    ratios.get(ratios.size() - 1));
        }
    }
}
