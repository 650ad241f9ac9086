package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbCredentialVerificationTest extends JdbcCredentialVerificationTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
