package dev.connections.jdbc;

/** {@link JdbcFlywayTest} on an in-memory H2 database of its own. */
class H2FlywayTest extends JdbcFlywayTest {
    @Override
    String createSchema(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    void dropSchema(String name) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:" + name);
                var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
