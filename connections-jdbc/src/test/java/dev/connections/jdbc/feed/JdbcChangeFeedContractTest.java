package dev.connections.jdbc.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.ChangeFeedContract;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCK change-feed contract over one database: each instance has its own pool (as each host would) on
 * tables with a random prefix shared by both; a subclass says which database and which feed.
 */
abstract class JdbcChangeFeedContractTest extends ChangeFeedContract {
    final String prefix = FeedDatabases.randomPrefix();
    final List<HikariDataSource> pools = new ArrayList<>();
    private JdbcConnections migrated;

    /** The JDBC URL; skips (or under CI fails) when the database is not configured. */
    abstract String url();

    /** The feed one instance ({@code "a"} or {@code "b"}) uses over its pool. */
    abstract ChangeFeed feed(HikariDataSource pool, String prefix, String instance);

    @Override
    protected Instance createInstance() {
        String instance = pools.isEmpty() ? "a" : "b";
        HikariDataSource pool = FeedDatabases.pool(url(), "instance-" + instance);
        pools.add(pool);
        JdbcConnections jdbc = JdbcConnections.builder(pool).tablePrefix(prefix).build();
        if (migrated == null) {
            jdbc.schema().migrate();
            migrated = jdbc;
        }
        return new Instance(jdbc.repository(), jdbc.secretStore(), feed(pool, prefix, instance));
    }

    @Override
    protected void release() {
        try {
            if (migrated != null) {
                FeedDatabases.drop(pools.get(0), migrated);
            }
        } finally {
            pools.forEach(HikariDataSource::close);
        }
    }
}
