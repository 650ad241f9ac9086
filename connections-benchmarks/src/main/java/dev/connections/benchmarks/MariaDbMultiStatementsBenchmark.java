package dev.connections.benchmarks;

/**
 * {@link DatabaseBenchmark} on MariaDB with {@code allowMultiQueries=true} in the URL, so the adapter sends a
 * unit of work's statements together.
 */
public class MariaDbMultiStatementsBenchmark extends DatabaseBenchmark {
    @Override
    protected BenchDatabase database() {
        return BenchDatabase.MARIADB_MULTI_STATEMENTS;
    }
}
