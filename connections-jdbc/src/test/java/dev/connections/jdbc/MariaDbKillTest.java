package dev.connections.jdbc;

import dev.connections.jdbc.feed.PollingChangeFeed;
import dev.connections.spi.ChangeFeed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** The kill test on MariaDB with polling feeds; sessions end with KILL. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbKillTest extends JdbcKillTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    String sessionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    @Override
    int kill(Connection admin, Set<Long> sessions, boolean all) throws SQLException {
        List<Long> victims = new ArrayList<>();
        try (Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                        + " WHERE DB = DATABASE() AND ID <> CONNECTION_ID()")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (all || sessions.contains(id)) {
                    victims.add(id);
                }
            }
        }
        int killed = 0;
        try (Statement s = admin.createStatement()) {
            for (long id : victims) {
                try {
                    s.execute("KILL " + id);
                    killed++;
                } catch (SQLException e) {
                    // Already gone.
                }
            }
        }
        return killed;
    }

    @Override
    ChangeFeed feed(DataSource pool, String prefix, String instance) {
        return PollingChangeFeed.builder(pool)
                .tablePrefix(prefix)
                .interval(Duration.ofMillis(200))
                .build();
    }
}
