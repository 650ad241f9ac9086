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

    private final JdbcContext ctx;

    JdbcConnectionStatusStore(JdbcContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void recordVerification(WorkspaceId workspace, ConnectionId connection, Verification verification) {
        Objects.requireNonNull(verification, "verification");
        SqlStatements sql = ctx.sql;
        String reason = verification.reason();
        String stored = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        ctx.transaction(
                "record a key check",
                c -> JdbcContext.update(c, sql.upsertVerification, ps -> {
                    ps.setString(1, workspace.value());
                    ps.setString(2, connection.toString());
                    sql.setInstant(ps, 3, verification.checkedAt());
                    ps.setString(4, verification.status().name());
                    ps.setString(5, stored);
                    if (verification.httpStatus() == null) {
                        ps.setNull(6, Types.INTEGER);
                    } else {
                        ps.setInt(6, verification.httpStatus());
                    }
                }));
    }

    @Override
    public void clearVerification(WorkspaceId workspace, ConnectionId connection) {
        ctx.transaction(
                "clear a key check",
                c -> JdbcContext.update(
                        c, ctx.sql.clearVerification, JdbcContext.strings(workspace.value(), connection.toString())));
    }

    @Override
    public void recordUses(Collection<Use> uses) {
        if (uses.isEmpty()) {
            return;
        }
        List<Use> batch = List.copyOf(uses);
        SqlStatements sql = ctx.sql;
        ctx.transaction("record connection uses", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.upsertUse)) {
                for (Use use : batch) {
                    ps.setString(1, use.workspace().value());
                    ps.setString(2, use.connection().toString());
                    sql.setInstant(ps, 3, use.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace) {
        SqlStatements sql = ctx.sql;
        List<Map.Entry<ConnectionId, ConnectionStatus>> rows = ctx.read(
                "read connection statuses",
                c -> JdbcContext.query(
                        c,
                        sql.statuses,
                        JdbcContext.strings(workspace.value()),
                        rs -> Map.entry(
                                ConnectionId.parse(rs.getString("connection_id")),
                                new ConnectionStatus(verification(rs), instant(rs, "last_used_at")))));
        Map<ConnectionId, ConnectionStatus> statuses = new HashMap<>();
        rows.forEach(row -> statuses.put(row.getKey(), row.getValue()));
        return Map.copyOf(statuses);
    }

    @Override
    public void forget(WorkspaceId workspace, ConnectionId connection) {
        ctx.transaction(
                "drop a connection's status",
                c -> JdbcContext.update(
                        c, ctx.sql.forgetStatus, JdbcContext.strings(workspace.value(), connection.toString())));
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
        return rs.getObject(column) == null ? null : ctx.sql.getInstant(rs, column);
    }

    @Override
    public String toString() {
        return "JdbcConnectionStatusStore[" + ctx.dialect + ", prefix=" + ctx.tables.prefix() + "]";
    }
}
