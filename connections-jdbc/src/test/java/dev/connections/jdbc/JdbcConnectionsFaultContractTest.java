package dev.connections.jdbc;

import dev.connections.tck.ConnectionsFaultContract;
import dev.connections.tck.FaultyStorage;
import dev.connections.tck.fault.FaultInjectingDataSource;
import java.time.Duration;
import org.junit.jupiter.params.Parameter;

/**
 * The TCK fault contract on every database: the facade under test runs on a {@link FaultInjectingDataSource}
 * over the test pool, the contract reads the outcome through the pool directly.
 */
@AcrossDatabases.AndDrivers
class JdbcConnectionsFaultContractTest extends ConnectionsFaultContract implements AcrossDatabases.OnDatabase {

    /** Small, so the outage case stays fast. */
    static final Duration RETRY_BUDGET = Duration.ofMillis(1_000);

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    protected Duration outageDuration() {
        return RETRY_BUDGET.multipliedBy(3);
    }

    @Override
    protected FaultyStorage createStorage() {
        JdbcConnections healthy = database().fresh();
        FaultInjectingDataSource faulty =
                new FaultInjectingDataSource(database().dataSource());
        JdbcConnections underTest = JdbcConnections.builder(faulty)
                .tablePrefix(healthy.tables().prefix())
                .dialect(healthy.dialect())
                .maxRetryTime(RETRY_BUDGET)
                .build();
        return storage(healthy, underTest, faulty);
    }

    /** What the contract runs on: by default the adapter's own repository and secret store. */
    FaultyStorage storage(JdbcConnections healthy, JdbcConnections underTest, FaultInjectingDataSource faulty) {
        return new FaultyStorage(
                underTest.repository(),
                underTest.secretStore(),
                healthy.repository(),
                healthy.secretStore(),
                faulty,
                () -> database().drop(healthy));
    }
}
