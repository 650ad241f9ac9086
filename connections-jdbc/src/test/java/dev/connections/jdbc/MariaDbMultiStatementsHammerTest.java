package dev.connections.jdbc;

/** The same tests, the driver sending a unit of work's statements together ({@code allowMultiQueries=true}). */
@RequiresDatabase(TestDatabase.MARIADB_MULTI_STATEMENTS)
class MariaDbMultiStatementsHammerTest extends JdbcHammerTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB_MULTI_STATEMENTS;
    }
}
