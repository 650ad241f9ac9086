package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Kills the backend with pg_terminate_backend from another session, mid-transaction. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresFaultTest extends JdbcFaultTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }

    @Override
    boolean kill(Connection victim) throws SQLException {
        int pid;
        try (Statement s = victim.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        try (Connection other = database().dataSource().getConnection();
                PreparedStatement ps = other.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
