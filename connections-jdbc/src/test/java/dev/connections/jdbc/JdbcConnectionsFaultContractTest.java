package dev.connections.jdbc;

import dev.connections.tck.ConnectionsFaultContract;
import dev.connections.tck.FaultyStorage;
import dev.connections.tck.fault.FaultInjectingDataSource;

/**
 * The TCK fault contract on one database: the facade under test runs on a {@link FaultInjectingDataSource}
 * over the test pool, the contract reads the outcome through the pool directly.
 */
abstract class JdbcConnectionsFaultContractTest extends ConnectionsFaultContract {

    abstract TestDatabase database();

    @Override
    protected FaultyStorage createStorage() {
        JdbcConnections healthy = database().fresh();
        FaultInjectingDataSource faulty =
                new FaultInjectingDataSource(database().dataSource());
        JdbcConnections underTest = JdbcConnections.builder(faulty)
                .tablePrefix(healthy.tables().prefix())
                .dialect(healthy.dialect())
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
