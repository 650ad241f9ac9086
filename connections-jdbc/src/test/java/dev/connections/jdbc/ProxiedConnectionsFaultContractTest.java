package dev.connections.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.tck.ConnectionsFaultContract;
import dev.connections.tck.FaultyStorage;
import dev.connections.tck.fault.FaultInjectingDataSource;
import dev.connections.tck.fault.TcpFaultProxy;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.params.Parameter;

/**
 * The TCK fault contract with the facade under test reaching the database over a real network hop: a pool of
 * its own behind the kit's {@link TcpFaultProxy}, which adds 1 ms each way, under the {@link
 * FaultInjectingDataSource}. Every fault point of every write must settle as it does on a direct connection. On
 * every database server of the matrix; H2 runs embedded, without a network hop to put a proxy in.
 */
@AcrossDatabases.Servers
class ProxiedConnectionsFaultContractTest extends ConnectionsFaultContract implements AcrossDatabases.OnDatabase {
    private static final Duration LATENCY = Duration.ofMillis(1);
    private static final Duration RETRY_BUDGET = JdbcConnectionsFaultContractTest.RETRY_BUDGET;

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
        HikariDataSource direct = (HikariDataSource) database().dataSource();
        TcpFaultProxy proxy = BlackholeFaultTest.proxyFor(direct.getJdbcUrl());
        proxy.latency(LATENCY);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(BlackholeFaultTest.throughProxy(direct.getJdbcUrl(), proxy));
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(2_000);
        config.setPoolName("proxied-fault-contract-" + database().name().toLowerCase(Locale.ROOT));
        HikariDataSource pool = new HikariDataSource(config);
        FaultInjectingDataSource faulty = new FaultInjectingDataSource(pool);
        JdbcConnections underTest = JdbcConnections.builder(faulty)
                .tablePrefix(healthy.tables().prefix())
                .dialect(healthy.dialect())
                .maxRetryTime(RETRY_BUDGET)
                .build();
        return new FaultyStorage(
                underTest.repository(),
                underTest.secretStore(),
                healthy.repository(),
                healthy.secretStore(),
                faulty,
                () -> {
                    pool.close();
                    proxy.close();
                    database().drop(healthy);
                });
    }
}
