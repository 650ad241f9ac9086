package dev.connections.jdbc;

import java.util.Objects;

/**
 * What one database needs for the tables under one prefix, handed out by {@link JdbcDialect#parts}: its SQL, and
 * each way it behaves differently as a small named strategy.
 *
 * @param sql every statement, built once
 * @param appLock how a unit of work locks its app and reads its rows
 * @param migrationLock how concurrent schema migrations are kept apart
 * @param multiStatements whether the driver sends several statements in one round trip
 * @param timestamps how an instant is bound and read
 * @param failures which failures are conflicts or lost connections, and may be retried
 */
record DialectParts(
        SqlStatements sql,
        AppLock appLock,
        MigrationLock migrationLock,
        MultiStatements multiStatements,
        Timestamps timestamps,
        FailureClassifier failures) {
    DialectParts {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(appLock, "appLock");
        Objects.requireNonNull(migrationLock, "migrationLock");
        Objects.requireNonNull(multiStatements, "multiStatements");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(failures, "failures");
    }
}
