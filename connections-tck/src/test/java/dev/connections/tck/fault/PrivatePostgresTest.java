package dev.connections.tck.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = PrivatePostgres.BIN_VARIABLE, matches = ".+")
class PrivatePostgresTest {

    @Test
    void startsWithTheMaxConnectionsAskedForAndComesBackAfterBeingKilled() throws Exception {
        Path dataDir;
        try (PrivatePostgres pg = PrivatePostgres.start(123)) {
            assertThat(query(pg, "SHOW max_connections")).isEqualTo("123");
            dataDir = Path.of(query(pg, "SHOW data_directory"));
            long before = pg.postmasterPid();

            pg.killEverything();
            assertThatThrownBy(() -> query(pg, "SELECT 1")).isInstanceOf(SQLException.class);

            pg.startServer();
            assertThat(query(pg, "SELECT 1")).isEqualTo("1");
            assertThat(pg.postmasterPid()).isNotEqualTo(before);
        }
        assertThat(Files.exists(dataDir))
                .as("the cluster's files are deleted on close")
                .isFalse();
    }

    @Test
    void refusesAClusterWithoutConnections() {
        assertThatThrownBy(() -> PrivatePostgres.start(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
    }

    private static String query(PrivatePostgres pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
