package dev.connections.benchmarks;

/** {@link DatabaseBenchmark} on PostgreSQL. */
public class PostgresBenchmark extends DatabaseBenchmark {
    @Override
    protected BenchDatabase database() {
        return BenchDatabase.POSTGRESQL;
    }
}
