package dev.connections.jdbc;

import dev.connections.tck.FaultyStorage;
import dev.connections.tck.OAuthFaultContract;
import dev.connections.tck.fault.FaultInjectingDataSource;
import org.junit.jupiter.params.Parameter;

/**
 * The TCK's refresh fault contract on every database: the facade under test runs on a {@link
 * FaultInjectingDataSource} over the test pool, the other instance and the checks on the pool directly.
 */
@AcrossDatabases.AndDrivers
class JdbcOAuthFaultContractTest extends OAuthFaultContract implements AcrossDatabases.OnDatabase {

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    protected FaultyStorage createStorage() {
        JdbcConnections healthy = database().fresh();
        FaultInjectingDataSource faulty =
                new FaultInjectingDataSource(database().dataSource());
        JdbcConnections underTest = JdbcConnections.builder(faulty)
                .tablePrefix(healthy.tables().prefix())
                .dialect(healthy.dialect())
                .maxRetryTime(JdbcConnectionsFaultContractTest.RETRY_BUDGET)
                .build();
        return new FaultyStorage(
                underTest.repository(),
                underTest.secretStore(),
                healthy.repository(),
                healthy.secretStore(),
                faulty,
                () -> database().drop(healthy));
    }
}
