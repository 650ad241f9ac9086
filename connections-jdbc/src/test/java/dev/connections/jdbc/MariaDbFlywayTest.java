package dev.connections.jdbc;

import java.sql.SQLException;

/** {@link JdbcFlywayTest} on a MariaDB database of its own (MariaDB's schemas are databases). */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbFlywayTest extends JdbcFlywayTest {
    @Override
    String createSchema(String name) throws SQLException {
        admin(TestDatabase.MARIADB, "CREATE DATABASE " + name);
        // Same server and credentials, the new database in the URL's path.
        return System.getenv("CONNECTIONS_TEST_MARIADB_URL").replaceFirst("(//[^/]+/)[^?]*", "$1" + name);
    }

    @Override
    void dropSchema(String name) throws SQLException {
        admin(TestDatabase.MARIADB, "DROP DATABASE " + name);
    }
}
