package dev.connections.jdbc;

import dev.connections.jdbc.feed.PostgresChangeFeed;
import dev.connections.spi.ChangeFeed;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;

/** The kill test on PostgreSQL with LISTEN/NOTIFY feeds; sessions end with pg_terminate_backend. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresKillTest extends JdbcKillTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }

    @Override
    String sessionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    int kill(Connection admin, Set<Long> sessions, boolean all) throws SQLException {
        String sql = "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + (all ? "" : " AND pid = ANY(?)");
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            if (!all) {
                Array ids = admin.createArrayOf(
                        "int4", sessions.stream().map(Long::intValue).toArray(Integer[]::new));
                ps.setArray(1, ids);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    ChangeFeed feed(DataSource pool, String prefix, String instance) {
        return PostgresChangeFeed.builder(pool)
                .tablePrefix(prefix)
                .initialBackoff(Duration.ofMillis(50))
                .build();
    }
}
