package dev.connections.jdbc;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.spi.support.CheckedAppState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConnectionRepository} in a relational database: each {@link #modify} is one transaction that
 * first locks the app's row in the lock table, and the database's unique indexes hold the one-default and
 * unique-name rules even against writers that bypass the library.
 *
 * <p>Obtain it from {@link JdbcConnections#repository()}. Every statement filters by workspace.
 */
public final class JdbcConnectionRepository implements ConnectionRepository {
    private final JdbcContext ctx;
    private final SqlStatements sql;
    private final JsonCodec json = new JsonCodec();

    JdbcConnectionRepository(JdbcContext ctx) {
        this.ctx = ctx;
        this.sql = ctx.sql;
    }

    JdbcContext context() {
        return ctx;
    }

    @Override
    public Optional<Connection> find(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return ctx.read(
                "read a connection",
                c -> JdbcContext.queryOne(
                        c,
                        sql.findConnection,
                        JdbcContext.strings(workspace.value(), id.toString()),
                        this::connection));
    }

    @Override
    public List<Connection> list(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        return ctx.read("list connections", c -> load(c, workspace, integration));
    }

    @Override
    public Optional<Connection> findDefault(WorkspaceId workspace, IntegrationId integration) {
        return ctx.triggerRead(
                "read the default connection",
                c -> JdbcContext.queryOne(c, sql.findDefault, byApp(workspace, integration), this::connection));
    }

    /**
     * One indexed query for the trigger path when {@code secrets} joins this repository's transactions (a
     * {@link JdbcSecretStore} on the same tables); otherwise the two-call default.
     */
    @Override
    public Optional<ResolvedRecord> findDefaultWithSecret(
            WorkspaceId workspace, IntegrationId integration, SecretStore secrets) {
        if (!secrets.joinsTransactionsOf(this)) {
            return ConnectionRepository.super.findDefaultWithSecret(workspace, integration, secrets);
        }
        return ctx.triggerRead(
                "resolve the default connection",
                c -> JdbcContext.queryOne(c, sql.resolveDefault, byApp(workspace, integration), rs -> {
                    Connection connection = connection(rs);
                    StoredSecret secret = StoredSecret.read(
                            new SecretBinding(workspace, connection.id(), connection.secretRef()),
                            rs.getBytes("sealed"));
                    return new ResolvedRecord(connection, secret);
                }));
    }

    /** The trigger path's query: the default connection and its ciphertext in one indexed join. */
    String resolveDefaultSql() {
        return sql.resolveDefault;
    }

    /** The query behind {@link #countByIntegration}. */
    String countByIntegrationSql() {
        return sql.countByIntegration;
    }

    @Override
    public Map<IntegrationId, Integer> countByIntegration(WorkspaceId workspace) {
        Objects.requireNonNull(workspace, "workspace");
        return ctx.read("count connections", c -> {
            Map<IntegrationId, Integer> counts = new LinkedHashMap<>();
            JdbcContext.query(
                    c,
                    sql.countByIntegration,
                    ps -> ps.setString(1, workspace.value()),
                    rs -> counts.put(IntegrationId.of(rs.getString(1)), rs.getInt(2)));
            return Collections.unmodifiableMap(counts);
        });
    }

    @Override
    public <T> T modify(WorkspaceId workspace, IntegrationId integration, AppWork<T> work) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(work, "work");
        boolean joining = ctx.inTransaction();
        return ctx.unitOfWork("save the change", c -> {
            List<Connection> rows =
                    sql.lockAndRead(c, workspace.value(), integration.value(), !joining, this::connection);
            State state = new State(workspace, integration, rows);
            T result = work.run(state);
            if (state.changed) {
                logChange(workspace, integration);
            }
            // The writes are held back until COMMIT (PendingWrites), which sends them in as few round trips as
            // the database allows.
            return result;
        });
    }

    @Override
    public Optional<Integration> findCustomApp(WorkspaceId workspace, IntegrationId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return ctx.read(
                "read a custom app",
                c -> JdbcContext.queryOne(
                        c,
                        sql.findCustomApp,
                        JdbcContext.strings(workspace.value(), id.value()),
                        rs -> json.integration(rs.getString(1))));
    }

    @Override
    public List<Integration> customApps(WorkspaceId workspace) {
        Objects.requireNonNull(workspace, "workspace");
        return ctx.read(
                "list custom apps",
                c -> List.copyOf(JdbcContext.query(
                        c,
                        sql.listCustomApps,
                        ps -> ps.setString(1, workspace.value()),
                        rs -> json.integration(rs.getString(1)))));
    }

    @Override
    public boolean addCustomApp(WorkspaceId workspace, Integration app) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(app, "app");
        if (findCustomApp(workspace, app.id()).isPresent()) {
            return false;
        }
        String definition = json.integration(app);
        try {
            return ctx.transaction("add a custom app", c -> {
                JdbcContext.update(c, sql.insertCustomApp, ps -> {
                    ps.setString(1, workspace.value());
                    ps.setString(2, app.id().value());
                    ps.setString(3, definition);
                    sql.setInstant(ps, 4, Instant.now());
                });
                return true;
            });
        } catch (dev.connections.error.StorageException e) {
            // Lost a race with another instance adding the same app: the same answer as finding it.
            if (e.getCause() instanceof SQLException s && JdbcDialect.isUniqueViolation(s)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "JdbcConnectionRepository[" + ctx.dialect + ", prefix=" + ctx.tables.prefix() + "]";
    }

    private static JdbcContext.Binder byApp(WorkspaceId workspace, IntegrationId integration) {
        return JdbcContext.strings(workspace.value(), integration.value());
    }

    // ---- inside modify -------------------------------------------------------------------------

    private void logChange(WorkspaceId workspace, IntegrationId integration) {
        Instant now = Instant.now();
        ctx.write(new PendingWrites.Write(
                sql.insertChange,
                ps -> {
                    byApp(workspace, integration).bind(ps);
                    sql.setInstant(ps, 3, now);
                },
                null,
                e -> null));
    }

    /**
     * The app's rows, read without a lock. Inside {@code modify} the read is FOR UPDATE ({@link
     * SqlStatements#lockAndRead}): a locking read returns the latest committed rows, whereas on H2 a plain read
     * right after waiting for the app lock was seen to miss a row the previous lock holder had just committed
     * (two "first" connections both became default in the hammer test).
     */
    private List<Connection> load(java.sql.Connection c, WorkspaceId workspace, IntegrationId integration)
            throws SQLException {
        return JdbcContext.query(c, sql.listConnections, byApp(workspace, integration), this::connection);
    }

    private Connection connection(ResultSet rs) throws SQLException {
        return new Connection(
                ConnectionId.parse(rs.getString("id")),
                WorkspaceId.of(rs.getString("workspace")),
                IntegrationId.of(rs.getString("integration")),
                rs.getString("name"),
                rs.getBoolean("is_default"),
                SecretRef.of(rs.getString("secret_ref")),
                rs.getString("key_hint"),
                json.settings(rs.getString("settings")),
                sql.getInstant(rs, "created_at"),
                sql.getInstant(rs, "updated_at"),
                rs.getLong("version"));
    }

    /**
     * The app's rows inside one transaction: each change is checked, mirrored here and handed to the
     * transaction's {@link PendingWrites}, which sends it before the next read or the COMMIT.
     */
    private final class State extends CheckedAppState {
        private final WorkspaceId workspace;
        private final IntegrationId integration;
        boolean changed;

        State(WorkspaceId workspace, IntegrationId integration, List<Connection> loaded) {
            super(workspace, integration, loaded);
            this.workspace = workspace;
            this.integration = integration;
        }

        @Override
        protected void storeInsert(Connection connection) {
            write(sql.insertConnection, null, ps -> {
                ps.setString(1, workspace.value());
                ps.setString(2, connection.id().toString());
                ps.setString(3, integration.value());
                ps.setString(4, connection.name());
                ps.setString(5, CheckedAppState.nameKey(connection.name()));
                ps.setString(6, connection.secretRef().value());
                ps.setString(7, connection.keyHint());
                ps.setBoolean(8, connection.isDefault());
                ps.setString(9, json.settings(connection.settings()));
                sql.setInstant(ps, 10, connection.createdAt());
                sql.setInstant(ps, 11, connection.updatedAt());
                ps.setLong(12, connection.version());
            });
        }

        @Override
        protected void storeUpdate(Connection stored, Connection updated) {
            String settings = json.settings(updated.settings());
            write(
                    sql.updateConnection,
                    count -> {
                        if (count != 1) {
                            // Only a writer that ignores the app lock can get here; never overwrite its change.
                            throw new StaleConnectionException(updated.id(), stored.version(), -1);
                        }
                    },
                    ps -> {
                        ps.setString(1, updated.name());
                        if (updated.name().equals(stored.name())) {
                            ps.setNull(2, Types.VARCHAR);
                        } else {
                            ps.setString(2, CheckedAppState.nameKey(updated.name()));
                        }
                        ps.setString(3, updated.secretRef().value());
                        ps.setString(4, updated.keyHint());
                        ps.setBoolean(5, updated.isDefault());
                        ps.setString(6, settings);
                        sql.setInstant(ps, 7, updated.updatedAt());
                        ps.setLong(8, updated.version());
                        ps.setString(9, workspace.value());
                        ps.setString(10, updated.id().toString());
                        ps.setLong(11, stored.version());
                    });
        }

        @Override
        protected void storeDelete(ConnectionId id) {
            write(
                    sql.deleteConnection,
                    count -> {
                        if (count != 1) {
                            throw new ConnectionNotFoundException(workspace, id);
                        }
                    },
                    ps -> {
                        ps.setString(1, workspace.value());
                        ps.setString(2, id.toString());
                    });
        }

        private void write(String statement, PendingWrites.@Nullable CountCheck check, JdbcContext.Binder binder) {
            ctx.write(new PendingWrites.Write(statement, binder, check, JdbcConnectionRepository.this::named));
            changed = true;
        }
    }

    /** A unique-index failure of a connection row, named as the facade reports it; null for any other. */
    private @Nullable RuntimeException named(SQLException e) {
        if (JdbcDialect.isUniqueViolation(e) && JdbcDialect.violates(e, sql.nameIndex)) {
            return new DuplicateConnectionNameException();
        }
        if (JdbcDialect.isUniqueViolation(e) && JdbcDialect.violates(e, sql.defaultIndex)) {
            return new IllegalStateException("The app already has a default connection", e);
        }
        return null;
    }
}
