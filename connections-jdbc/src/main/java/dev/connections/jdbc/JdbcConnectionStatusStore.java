package dev.connections.jdbc;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConnectionStatusStore} in the {@code connection_status} table (schema version 2): one row per
 * connection with its last key check and last use, upserted without the app lock. Uses arrive in batches and
 * only ever move a row's last use later, so instances writing out of order agree.
 *
 * <p>Obtain it from {@link JdbcConnections#statusStore()} and pass it to {@code
 * ConnectionsBuilder.newBuilder().statusStore(...)}.
 */
public final class JdbcConnectionStatusStore implements ConnectionStatusStore {
    private static final int MAX_REASON = 500;

    private final JdbcDialect dialect;
    private final Transactions transactions;
    private final SqlStatements sql;
    private final Timestamps timestamps;

    JdbcConnectionStatusStore(JdbcDialect dialect, DialectParts parts, Transactions transactions) {
        this.dialect = dialect;
        this.transactions = transactions;
        this.sql = parts.sql();
        this.timestamps = parts.timestamps();
    }

    @Override
    public void recordVerification(WorkspaceId workspace, ConnectionId connection, Verification verification) {
        Objects.requireNonNull(verification, "verification");
        String reason = verification.reason();
        String stored = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        Integer httpStatus = verification.httpStatus();
        transactions.idempotent(
                "record a key check",
                tx -> Jdbc.update(tx.connection(), sql.upsertVerification, p -> {
                    p.setString(1, workspace.value());
                    p.setString(2, connection.toString());
                    p.setObject(3, timestamps.bindable(verification.checkedAt()));
                    p.setString(4, verification.status().name());
                    p.setString(5, stored);
                    if (httpStatus == null) {
                        p.setNull(6, Types.INTEGER);
                    } else {
                        p.setInt(6, httpStatus);
                    }
                }));
    }

    @Override
    public void clearVerification(WorkspaceId workspace, ConnectionId connection) {
        transactions.idempotent(
                "clear a key check",
                tx -> Jdbc.update(
                        tx.connection(),
                        sql.clearVerification,
                        Jdbc.strings(workspace.value(), connection.toString())));
    }

    @Override
    public void recordUses(Collection<Use> uses) {
        if (uses.isEmpty()) {
            return;
        }
        List<Use> batch = List.copyOf(uses);
        transactions.idempotent("record connection uses", tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(sql.upsertUse)) {
                Parameters p = new Parameters(ps);
                for (Use use : batch) {
                    p.setString(1, use.workspace().value());
                    p.setString(2, use.connection().toString());
                    p.setObject(3, timestamps.bindable(use.at()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace) {
        List<Map.Entry<ConnectionId, ConnectionStatus>> rows = transactions.read(
                "read connection statuses",
                c -> Jdbc.query(
                        c,
                        sql.statuses,
                        Jdbc.strings(workspace.value()),
                        rs -> Map.entry(
                                ConnectionId.parse(rs.getString("connection_id")),
                                new ConnectionStatus(verification(rs), instant(rs, "last_used_at")))));
        Map<ConnectionId, ConnectionStatus> statuses = new HashMap<>();
        rows.forEach(row -> statuses.put(row.getKey(), row.getValue()));
        return Map.copyOf(statuses);
    }

    @Override
    public void forget(WorkspaceId workspace, ConnectionId connection) {
        transactions.idempotent(
                "drop a connection's status",
                tx -> Jdbc.update(
                        tx.connection(), sql.forgetStatus, Jdbc.strings(workspace.value(), connection.toString())));
    }

    private @Nullable Verification verification(ResultSet rs) throws SQLException {
        String status = rs.getString("verification");
        Instant at = instant(rs, "verified_at");
        if (status == null || at == null) {
            return null;
        }
        int http = rs.getInt("verification_http");
        Integer httpStatus = rs.wasNull() ? null : http;
        String reason = rs.getString("verification_reason");
        return new Verification(Verification.Status.valueOf(status), reason == null ? "" : reason, httpStatus, at);
    }

    private @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column) == null ? null : timestamps.read(rs, column);
    }

    @Override
    public String toString() {
        return "JdbcConnectionStatusStore[" + dialect + ", prefix=" + sql.tables.prefix() + "]";
    }
}
