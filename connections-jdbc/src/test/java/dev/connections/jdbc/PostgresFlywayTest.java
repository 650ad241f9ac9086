package dev.connections.jdbc;

import java.sql.SQLException;

/** {@link JdbcFlywayTest} on a PostgreSQL schema of its own (the connections' {@code currentSchema}). */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresFlywayTest extends JdbcFlywayTest {
    @Override
    String createSchema(String name) throws SQLException {
        admin(TestDatabase.POSTGRESQL, "CREATE SCHEMA " + name);
        String url = System.getenv("CONNECTIONS_TEST_POSTGRES_URL");
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    void dropSchema(String name) throws SQLException {
        admin(TestDatabase.POSTGRESQL, "DROP SCHEMA " + name + " CASCADE");
    }
}
