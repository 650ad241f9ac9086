package dev.connections.benchmarks;

import org.jspecify.annotations.Nullable;

/** Where the PostgreSQL benchmarks find their database. */
final class PostgresSetup {
    private PostgresSetup() {}

    /** The JDBC URL from the environment, or null when PostgreSQL benchmarks should not run. */
    static @Nullable String url() {
        String url = System.getenv("CONNECTIONS_BENCH_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            url = System.getenv("CONNECTIONS_TEST_POSTGRES_URL");
        }
        return url == null || url.isBlank() ? null : url;
    }
}
