package dev.connections.benchmarks;

/** {@link DatabaseBenchmark} on MariaDB. */
public class MariaDbBenchmark extends DatabaseBenchmark {
    @Override
    protected BenchDatabase database() {
        return BenchDatabase.MARIADB;
    }
}
