package dev.connections.jdbc;

/** The same tests, the driver sending a unit of work's statements together ({@code allowMultiQueries=true}). */
@RequiresDatabase(TestDatabase.MARIADB_MULTI_STATEMENTS)
class MariaDbMultiStatementsConnectionsFaultContractTest extends JdbcConnectionsFaultContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB_MULTI_STATEMENTS;
    }
}
