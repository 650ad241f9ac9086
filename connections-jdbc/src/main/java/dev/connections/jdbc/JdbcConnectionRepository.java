package dev.connections.jdbc;

import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.AuthorizationState;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.spi.support.CheckedAppState;
import java.net.URI;
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
 * first takes the app's lock (the dialect's: an advisory lock or a lock row), and the database's unique indexes hold the one-default and
 * unique-name rules even against writers that bypass the library.
 *
 * <p>Obtain it from {@link JdbcConnections#repository()}. Every statement filters by workspace.
 */
public final class JdbcConnectionRepository implements ConnectionRepository {
    private final JdbcDialect dialect;
    private final JdbcSecretStore sharedSecrets;
    private final Transactions transactions;
    private final SqlStatements sql;
    private final AppLock appLock;
    private final Timestamps timestamps;
    private final JsonCodec json = new JsonCodec();

    /**
     * @param sharedSecrets the secret store whose writes join this repository's transactions: the one {@link
     *     JdbcConnections} built on the same runner
     */
    JdbcConnectionRepository(
            JdbcDialect dialect, DialectParts parts, Transactions transactions, JdbcSecretStore sharedSecrets) {
        this.sharedSecrets = sharedSecrets;
        this.dialect = dialect;
        this.transactions = transactions;
        this.sql = parts.sql();
        this.appLock = parts.appLock();
        this.timestamps = parts.timestamps();
    }

    @Override
    public Optional<Connection> find(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return transactions.read(
                "read a connection",
                c -> Jdbc.queryOne(
                        c, sql.findConnection, Jdbc.strings(workspace.value(), id.toString()), this::connection));
    }

    @Override
    public List<Connection> list(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        return transactions.read("list connections", c -> load(c, workspace, integration));
    }

    @Override
    public Optional<Connection> findDefault(WorkspaceId workspace, IntegrationId integration) {
        return transactions.triggerRead(
                "read the default connection",
                c -> Jdbc.queryOne(c, sql.findDefault, byApp(workspace, integration), this::connection));
    }

    /**
     * One indexed query for the trigger path when {@code secrets} joins this repository's transactions (the
     * {@link JdbcSecretStore} of the same {@link JdbcConnections}); otherwise the two-call default.
     */
    @Override
    public Optional<ResolvedRecord> findDefaultWithSecret(
            WorkspaceId workspace, IntegrationId integration, SecretStore secrets) {
        if (!sharesTransactionsWith(secrets)) {
            return ConnectionRepository.super.findDefaultWithSecret(workspace, integration, secrets);
        }
        return transactions.triggerRead(
                "resolve the default connection",
                c -> Jdbc.queryOne(c, sql.resolveDefault, byApp(workspace, integration), rs -> {
                    Connection connection = connection(rs);
                    StoredSecret secret = StoredSecret.read(
                            new SecretBinding(workspace, connection.id(), connection.secretRef()),
                            rs.getBytes("sealed"));
                    return new ResolvedRecord(connection, secret);
                }));
    }

    /** Shares its transactions with the secret store its {@link JdbcConnections} built with it, and no other. */
    @Override
    public boolean sharesTransactionsWith(SecretStore secrets) {
        return secrets == sharedSecrets;
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
        return transactions.read("count connections", c -> {
            Map<IntegrationId, Integer> counts = new LinkedHashMap<>();
            Jdbc.query(
                    c,
                    sql.countByIntegration,
                    p -> p.setString(1, workspace.value()),
                    rs -> counts.put(IntegrationId.of(rs.getString(1)), rs.getInt(2)));
            return Collections.unmodifiableMap(counts);
        });
    }

    @Override
    public <T> T modify(WorkspaceId workspace, IntegrationId integration, AppWork<T> work) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(work, "work");
        return transactions.unitOfWork("save the change", tx -> {
            List<Connection> rows = appLock.lockAndRead(
                    tx.connection(), workspace.value(), integration.value(), !tx.isJoined(), this::connection);
            State state = new State(tx, workspace, integration, rows);
            T result = work.run(state);
            if (state.changed) {
                logChange(tx, workspace, integration);
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
        return transactions.read(
                "read a custom app",
                c -> Jdbc.queryOne(
                        c,
                        sql.findCustomApp,
                        Jdbc.strings(workspace.value(), id.value()),
                        rs -> json.integration(rs.getString(1))));
    }

    @Override
    public List<Integration> customApps(WorkspaceId workspace) {
        Objects.requireNonNull(workspace, "workspace");
        return transactions.read(
                "list custom apps",
                c -> List.copyOf(Jdbc.query(
                        c,
                        sql.listCustomApps,
                        p -> p.setString(1, workspace.value()),
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
            return transactions.idempotent("add a custom app", tx -> {
                Jdbc.update(tx.connection(), sql.insertCustomApp, p -> {
                    p.setString(1, workspace.value());
                    p.setString(2, app.id().value());
                    p.setString(3, definition);
                    p.setObject(4, timestamps.bindable(Instant.now()));
                });
                return true;
            });
        } catch (dev.connections.error.StorageException e) {
            // Lost a race with another instance adding the same app: the same answer as finding it.
            if (e.getCause() instanceof SQLException s && SqlFailure.isUniqueViolation(s)) {
                return false;
            }
            throw e;
        }
    }

    // ---- OAuth 2.0 authorization states ------------------------------------------------------------

    /**
     * Inserts the state in a transaction of its own. Run once only: after a lost COMMIT acknowledgement a second
     * run would find its own row and refuse it, so the outcome is reported unknown ({@link
     * dev.connections.error.OutcomeUnknownException}) and the user starts the flow again.
     */
    @Override
    public void saveAuthorizationState(AuthorizationState state) {
        Objects.requireNonNull(state, "state");
        transactions.unitOfWork("save an authorization state", tx -> {
            tx.wrote();
            try {
                Jdbc.update(tx.connection(), sql.insertAuthorizationState, p -> bindState(p, state));
            } catch (SQLException e) {
                if (SqlFailure.isUniqueViolation(e)) {
                    // Nothing of the state in the message: the hash stands for a state a browser may still carry.
                    throw new IllegalStateException("An authorization state with this hash is already kept");
                }
                throw e;
            }
            return null;
        });
    }

    /**
     * Removes and returns the state in one transaction: PostgreSQL's {@code DELETE … RETURNING}, elsewhere the row
     * read {@code FOR UPDATE} and then deleted, handed out only when this transaction's DELETE removed it. Of two
     * concurrent takes the second waits for the first's row lock and then finds nothing, or deletes nothing.
     *
     * <p>Not run again after a lost COMMIT acknowledgement, which could have consumed the state: {@link
     * dev.connections.error.OutcomeUnknownException}, and the callback must not succeed.
     */
    @Override
    public Optional<AuthorizationState> takeAuthorizationState(String stateHash) {
        Objects.requireNonNull(stateHash, "stateHash");
        String take = sql.takeAuthorizationState;
        return transactions.unitOfWork("take an authorization state", tx -> {
            tx.wrote();
            java.sql.Connection c = tx.connection();
            if (take != null) {
                return Jdbc.queryOne(c, take, Jdbc.strings(stateHash), this::authorizationState);
            }
            Optional<AuthorizationState> found = Jdbc.queryOne(
                    c, sql.findAuthorizationStateForUpdate, Jdbc.strings(stateHash), this::authorizationState);
            if (found.isEmpty() || Jdbc.update(c, sql.deleteAuthorizationState, Jdbc.strings(stateHash)) != 1) {
                return Optional.<AuthorizationState>empty();
            }
            return found;
        });
    }

    /**
     * Deletes the expired states of every workspace. Safe to run twice, so it is retried even after a lost COMMIT
     * acknowledgement; the count is then that of the last run.
     */
    @Override
    public int purgeAuthorizationStates(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return transactions.idempotent(
                "purge expired authorization states",
                tx -> Jdbc.update(
                        tx.connection(),
                        sql.purgeAuthorizationStates,
                        p -> p.setObject(1, timestamps.bindable(cutoff))));
    }

    private void bindState(Parameters p, AuthorizationState state) throws SQLException {
        p.setString(1, state.stateHash());
        p.setString(2, state.workspace().value());
        p.setString(3, state.integration().value());
        if (state.actor() == null) {
            p.setNull(4, Types.VARCHAR);
        } else {
            p.setString(4, state.actor());
        }
        p.setString(5, state.connection().toString());
        p.setBoolean(6, state.reconnect());
        p.setString(7, state.name());
        p.setString(8, state.redirectUri().toString());
        p.setString(9, state.verifierRef().value());
        p.setInt(10, state.sealedVerifier().formatVersion());
        p.setString(11, state.sealedVerifier().keyId());
        p.setBytes(12, state.sealedVerifier().toBytes());
        p.setObject(13, timestamps.bindable(state.createdAt()));
        p.setObject(14, timestamps.bindable(state.expiresAt()));
    }

    private AuthorizationState authorizationState(ResultSet rs) throws SQLException {
        return new AuthorizationState(
                rs.getString("state_hash"),
                WorkspaceId.of(rs.getString("workspace")),
                IntegrationId.of(rs.getString("integration")),
                rs.getString("actor"),
                ConnectionId.parse(rs.getString("connection_id")),
                rs.getBoolean("reconnect"),
                rs.getString("name"),
                URI.create(rs.getString("redirect_uri")),
                SecretRef.of(rs.getString("verifier_ref")),
                SealedSecret.fromBytes(rs.getBytes("verifier_sealed")),
                timestamps.read(rs, "created_at"),
                timestamps.read(rs, "expires_at"));
    }

    @Override
    public String toString() {
        return "JdbcConnectionRepository[" + dialect + ", prefix=" + sql.tables.prefix() + "]";
    }

    private static Jdbc.Binder byApp(WorkspaceId workspace, IntegrationId integration) {
        return Jdbc.strings(workspace.value(), integration.value());
    }

    // ---- inside modify -------------------------------------------------------------------------

    private void logChange(Transaction tx, WorkspaceId workspace, IntegrationId integration) {
        Instant now = Instant.now();
        tx.write(new PendingWrites.Write(
                sql.insertChange,
                p -> {
                    byApp(workspace, integration).bind(p);
                    p.setObject(3, timestamps.bindable(now));
                },
                null,
                e -> null));
    }

    /**
     * The app's rows, read without a lock. Inside {@code modify} the read is FOR UPDATE ({@link
     * AppLock#lockAndRead}): a locking read returns the latest committed rows, whereas on H2 a plain read
     * right after waiting for the app lock was seen to miss a row the previous lock holder had just committed
     * (two "first" connections both became default in the hammer test).
     */
    private List<Connection> load(java.sql.Connection c, WorkspaceId workspace, IntegrationId integration)
            throws SQLException {
        return Jdbc.query(c, sql.listConnections, byApp(workspace, integration), this::connection);
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
                timestamps.read(rs, "created_at"),
                timestamps.read(rs, "updated_at"),
                rs.getLong("version"),
                grant(rs));
    }

    /** The grant columns of a connection row (schema version 3): all NULL for an API-key connection. */
    private @Nullable OAuthGrant grant(ResultSet rs) throws SQLException {
        String type = rs.getString("grant_type");
        if (type == null) {
            return null;
        }
        String scopes = rs.getString("granted_scopes");
        return new OAuthGrant(
                GrantType.valueOf(type),
                timestamps.readNullable(rs, "access_token_expires_at"),
                scopes == null ? List.of() : json.scopes(scopes),
                OAuthGrant.Status.valueOf(rs.getString("grant_status")));
    }

    /** Binds a connection's grant to the four grant parameters from {@code first}: NULLs for an API key. */
    private void bindGrant(Parameters p, int first, @Nullable OAuthGrant grant) throws SQLException {
        if (grant == null) {
            p.setNull(first, Types.VARCHAR);
            p.setNull(first + 1, Types.TIMESTAMP_WITH_TIMEZONE);
            p.setNull(first + 2, Types.VARCHAR);
            p.setNull(first + 3, Types.VARCHAR);
            return;
        }
        p.setString(first, grant.type().name());
        if (grant.accessTokenExpiresAt() == null) {
            p.setNull(first + 1, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            p.setObject(first + 1, timestamps.bindable(grant.accessTokenExpiresAt()));
        }
        p.setString(first + 2, json.scopes(grant.scopes()));
        p.setString(first + 3, grant.status().name());
    }

    /**
     * The app's rows inside one transaction: each change is checked, mirrored here and handed to the
     * transaction's {@link PendingWrites}, which sends it before the next read or the COMMIT.
     */
    private final class State extends CheckedAppState {
        private final Transaction tx;
        private final WorkspaceId workspace;
        private final IntegrationId integration;
        boolean changed;

        State(Transaction tx, WorkspaceId workspace, IntegrationId integration, List<Connection> loaded) {
            super(workspace, integration, loaded);
            this.tx = tx;
            this.workspace = workspace;
            this.integration = integration;
        }

        @Override
        protected void storeInsert(Connection connection) {
            write(sql.insertConnection, null, p -> {
                p.setString(1, workspace.value());
                p.setString(2, connection.id().toString());
                p.setString(3, integration.value());
                p.setString(4, connection.name());
                p.setString(5, CheckedAppState.nameKey(connection.name()));
                p.setString(6, connection.secretRef().value());
                p.setString(7, connection.keyHint());
                p.setBoolean(8, connection.isDefault());
                p.setString(9, json.settings(connection.settings()));
                p.setObject(10, timestamps.bindable(connection.createdAt()));
                p.setObject(11, timestamps.bindable(connection.updatedAt()));
                p.setLong(12, connection.version());
                bindGrant(p, 13, connection.grant());
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
                    p -> {
                        p.setString(1, updated.name());
                        if (updated.name().equals(stored.name())) {
                            p.setNull(2, Types.VARCHAR);
                        } else {
                            p.setString(2, CheckedAppState.nameKey(updated.name()));
                        }
                        p.setString(3, updated.secretRef().value());
                        p.setString(4, updated.keyHint());
                        p.setBoolean(5, updated.isDefault());
                        p.setString(6, settings);
                        p.setObject(7, timestamps.bindable(updated.updatedAt()));
                        p.setLong(8, updated.version());
                        bindGrant(p, 9, updated.grant());
                        p.setString(13, workspace.value());
                        p.setString(14, updated.id().toString());
                        p.setLong(15, stored.version());
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
                    Jdbc.strings(workspace.value(), id.toString()));
        }

        private void write(String statement, PendingWrites.@Nullable CountCheck check, Jdbc.Binder binder) {
            tx.write(new PendingWrites.Write(statement, binder, check, JdbcConnectionRepository.this::named));
            changed = true;
        }
    }

    /** A unique-index failure of a connection row, named as the facade reports it; null for any other. */
    private @Nullable RuntimeException named(SQLException e) {
        if (SqlFailure.isUniqueViolation(e) && SqlFailure.violates(e, sql.nameIndex)) {
            return new DuplicateConnectionNameException();
        }
        if (SqlFailure.isUniqueViolation(e) && SqlFailure.violates(e, sql.defaultIndex)) {
            return new IllegalStateException("The app already has a default connection", e);
        }
        return null;
    }
}
