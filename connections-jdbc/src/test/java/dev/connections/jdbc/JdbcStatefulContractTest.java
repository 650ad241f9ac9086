package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsStatefulContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.lifecycle.AfterProperty;
import org.jspecify.annotations.Nullable;

/**
 * The TCK stateful property on one database. Creating tables per try would make DDL the whole cost, so one
 * adapter and table prefix serve every try of the class: each try uses fresh random workspaces anyway, and
 * its rows are deleted when the next try starts, so the secret-store scans of the orphan check stay small.
 * Fewer tries than the build default (every step compares three workspaces over SQL); the in-memory
 * adapter runs the full count against the same model.
 */
@PropertyDefaults(tries = JdbcStatefulContractTest.TRIES)
abstract class JdbcStatefulContractTest extends ConnectionsStatefulContract {
    static final int TRIES = 200;

    private @Nullable JdbcConnections jdbc;

    abstract TestDatabase database();

    @Override
    protected ConnectionRepository createRepository() {
        if (jdbc == null) {
            jdbc = database().fresh();
        } else {
            deleteRows(jdbc);
        }
        return jdbc.repository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return jdbc.secretStore();
    }

    private void deleteRows(JdbcConnections adapter) {
        try (Connection c = database().dataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String table : adapter.tables().dataTables()) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not empty the test tables", e);
        }
    }

    @AfterProperty
    void dropTables() {
        database().drop(jdbc);
        jdbc = null;
    }
}
