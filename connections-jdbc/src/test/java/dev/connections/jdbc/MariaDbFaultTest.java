package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Kills the session with KILL from another session, mid-transaction. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbFaultTest extends JdbcFaultTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    boolean kill(Connection victim) throws SQLException {
        long id;
        try (Statement s = victim.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        try (Connection other = database().dataSource().getConnection();
                Statement s = other.createStatement()) {
            s.execute("KILL " + id);
        }
        return true;
    }
}
