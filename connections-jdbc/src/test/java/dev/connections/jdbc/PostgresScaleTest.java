package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionRepository.ResolvedRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 200,000 connections across 20,000 workspaces, bulk-loaded: the trigger path and the connected-apps count
 * must be index lookups, never sequential scans of the connection table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresScaleTest {
    private static final int CONNECTIONS = 200_000;
    private static final int PER_WORKSPACE = 10;
    private JdbcConnections jdbc;

    @BeforeAll
    void bulkLoad() throws SQLException {
        if (TestDatabase.POSTGRESQL.unavailableReason() != null) {
            return; // every test is reported skipped by @RequiresDatabase
        }
        jdbc = TestDatabase.POSTGRESQL.fresh();
        JdbcTables t = jdbc.tables();
        try (Connection c = TestDatabase.POSTGRESQL.dataSource().getConnection();
                Statement s = c.createStatement()) {
            // Each workspace: apps app-0..app-4 with two connections each, the first of each pair the default.
            s.execute("INSERT INTO " + t.connections()
                    + " (workspace, id, integration, name, name_key, secret_ref, key_hint, is_default, settings,"
                    + " created_at, updated_at, version)"
                    + " SELECT 'ws-' || (g / " + PER_WORKSPACE + "), md5(g::text)::uuid::text, 'app-' || (g % 5),"
                    + " 'n' || (g % 10), 'n' || (g % 10), 'ref-' || g, '…', (g % 10) < 5, '{}', now(), now(), 1"
                    + " FROM generate_series(0, " + (CONNECTIONS - 1) + ") g");
            s.execute("INSERT INTO " + t.secrets() + " (ref, workspace, connection_id, format, key_id, sealed)"
                    + " SELECT 'ref-' || g, 'ws-' || (g / " + PER_WORKSPACE + "), md5(g::text)::uuid::text, 1, 'k1',"
                    + " decode('434b01026b31000102', 'hex') FROM generate_series(0, " + (CONNECTIONS - 1) + ") g");
            s.execute("ANALYZE " + t.connections());
            s.execute("ANALYZE " + t.secrets());
        }
    }

    @AfterAll
    void drop() {
        TestDatabase.POSTGRESQL.drop(jdbc);
    }

    @Test
    @DisplayName("resolveDefault is one query served by the partial one-default index and the secrets key")
    void resolveDefaultUsesIndexes() throws SQLException {
        String plan = explain(jdbc.repository().resolveDefaultSql(), "ws-12345", "app-3");
        assertThat(plan).doesNotContain("Seq Scan on " + jdbc.tables().connections());
        assertThat(plan).doesNotContain("Seq Scan on " + jdbc.tables().secrets());
        assertThat(plan).contains(jdbc.tables().prefix() + "connections_default_uq");

        ResolvedRecord record = jdbc.repository()
                .findDefaultWithSecret(WorkspaceId.of("ws-12345"), IntegrationId.of("app-3"), jdbc.secretStore())
                .orElseThrow();
        assertThat(record.connection().isDefault()).isTrue();
        assertThat(record.connection().name()).isEqualTo("n3");
        assertThat(record.secret().sealed().keyId()).isEqualTo("k1");
    }

    @Test
    @DisplayName("connectedApps' count per app reads one workspace's index range")
    void connectedAppsUsesIndex() throws SQLException {
        String plan = explain(jdbc.repository().countByIntegrationSql(), "ws-777");
        assertThat(plan).doesNotContain("Seq Scan on " + jdbc.tables().connections());
        assertThat(plan).containsIgnoringCase("index");
        assertThat(jdbc.repository().countByIntegration(WorkspaceId.of("ws-777")))
                .hasSize(5)
                .allSatisfy((app, count) -> assertThat(count).isEqualTo(2));
    }

    private static String explain(String sql, String... params) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = TestDatabase.POSTGRESQL.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
