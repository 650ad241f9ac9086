package dev.connections.jdbc;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.SecretStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SecretStore} in a database table holding only the sealed bytes (AES-GCM ciphertext with its key
 * id), never a plain key.
 *
 * <p>Obtain it from {@link JdbcConnections#secretStore()}. Called inside {@link
 * JdbcConnectionRepository#modify} of the repository built with it, its writes join that transaction, so a connection
 * and its secret are stored, replaced or removed together.
 */
public final class JdbcSecretStore implements SecretStore {
    private final JdbcDialect dialect;
    private final Transactions transactions;
    private final SqlStatements sql;

    JdbcSecretStore(JdbcDialect dialect, DialectParts parts, Transactions transactions) {
        this.dialect = dialect;
        this.transactions = transactions;
        this.sql = parts.sql();
    }

    @Override
    public void put(StoredSecret secret) {
        Objects.requireNonNull(secret, "secret");
        SecretBinding binding = secret.binding();
        Jdbc.Binder insert = p -> {
            p.setString(1, binding.ref().value());
            p.setString(2, binding.workspace().value());
            p.setString(3, binding.connection().toString());
            p.setInt(4, secret.sealed().formatVersion());
            p.setString(5, secret.sealed().keyId());
            p.setBytes(6, secret.sealed().toBytes());
        };
        Optional<Transaction> joined = transactions.current();
        if (joined.isPresent()) {
            // Joined: sent with the unit of work's other writes. A failed insert may have aborted the caller's
            // transaction, so there is nothing to compare; the driver's message would quote the row, the
            // reference is all a caller needs.
            joined.get()
                    .write(new PendingWrites.Write(
                            sql.insertSecret,
                            insert,
                            null,
                            e -> SqlFailure.isUniqueViolation(e)
                                            && !SqlFailure.violates(e, sql.nameIndex)
                                            && !SqlFailure.violates(e, sql.defaultIndex)
                                    ? new IllegalStateException("Secret ref " + binding.ref() + " is already in use")
                                    : null));
            return;
        }
        boolean inserted = transactions.idempotent("store an encrypted key", tx -> {
            try {
                Jdbc.update(tx.connection(), sql.insertSecret, insert);
                return true;
            } catch (SQLException e) {
                if (SqlFailure.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
        // The same entry again (a retry after a lost acknowledgement) is a no-op; another one is refused.
        if (!inserted
                && !get(binding.workspace(), binding.ref())
                        .filter(secret::equals)
                        .isPresent()) {
            throw new IllegalStateException("Secret ref " + binding.ref() + " is already in use");
        }
    }

    @Override
    public Optional<StoredSecret> get(WorkspaceId workspace, SecretRef ref) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(ref, "ref");
        return transactions.read(
                "read an encrypted key",
                c -> Jdbc.queryOne(
                        c,
                        sql.findSecret,
                        byRef(workspace, ref),
                        rs -> StoredSecret.read(
                                new SecretBinding(workspace, ConnectionId.parse(rs.getString(1)), ref),
                                rs.getBytes(2))));
    }

    @Override
    public boolean replace(StoredSecret expected, SealedSecret replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        SecretBinding binding = expected.binding();
        // Compare-and-set on the stored bytes: a concurrent edit or rotation is never overwritten.
        return transactions.idempotent(
                "re-encrypt a key",
                tx -> Jdbc.update(tx.connection(), sql.replaceSecret, p -> bindReplace(p, expected, replacement)) == 1);
    }

    /**
     * One transaction and one batched compare-and-set UPDATE for the whole list, so rotation pays one round
     * trip and one commit per batch instead of per secret.
     */
    @Override
    public List<Boolean> replaceAll(List<Replacement> replacements) {
        Objects.requireNonNull(replacements, "replacements");
        if (replacements.isEmpty()) {
            return List.of();
        }
        return transactions.idempotent("re-encrypt keys", tx -> {
            java.sql.Connection c = tx.connection();
            int[] counts;
            try (PreparedStatement ps = c.prepareStatement(sql.replaceSecret)) {
                for (Replacement r : replacements) {
                    bindReplace(new Parameters(ps), r.expected(), r.replacement());
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            }
            List<Boolean> swapped = new ArrayList<>(replacements.size());
            for (int i = 0; i < replacements.size(); i++) {
                Replacement r = replacements.get(i);
                boolean done = counts[i] == Statement.SUCCESS_NO_INFO
                        // A driver that rewrites the batch reports no counts: the stored bytes say.
                        ? storedBytes(c, r.expected().binding())
                                .map(b -> Arrays.equals(b, r.replacement().toBytes()))
                                .orElse(false)
                        : counts[i] == 1;
                swapped.add(done);
            }
            return swapped;
        });
    }

    private Optional<byte[]> storedBytes(java.sql.Connection c, SecretBinding binding) throws SQLException {
        return Jdbc.queryOne(c, sql.findSecret, byRef(binding.workspace(), binding.ref()), rs -> rs.getBytes(2));
    }

    private static void bindReplace(Parameters p, StoredSecret expected, SealedSecret replacement) throws SQLException {
        SecretBinding binding = expected.binding();
        p.setInt(1, replacement.formatVersion());
        p.setString(2, replacement.keyId());
        p.setBytes(3, replacement.toBytes());
        p.setString(4, binding.workspace().value());
        p.setString(5, binding.ref().value());
        p.setString(6, binding.connection().toString());
        p.setBytes(7, expected.sealed().toBytes());
    }

    @Override
    public boolean destroy(WorkspaceId workspace, SecretRef ref) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(ref, "ref");
        return transactions.idempotent(
                "remove an encrypted key",
                tx -> Jdbc.update(tx.connection(), sql.deleteSecret, byRef(workspace, ref)) > 0);
    }

    @Override
    public List<StoredSecret> scan(@Nullable SecretRef after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        // Across workspaces on purpose: this is the key-rotation and audit walk.
        return transactions.read(
                "scan encrypted keys",
                c -> Jdbc.query(
                        c,
                        after == null ? sql.scanSecrets : sql.scanSecretsAfter,
                        p -> {
                            int i = 1;
                            if (after != null) {
                                p.setString(i++, after.value());
                            }
                            p.setInt(i, limit);
                        },
                        rs -> StoredSecret.read(
                                new SecretBinding(
                                        WorkspaceId.of(rs.getString(1)),
                                        ConnectionId.parse(rs.getString(3)),
                                        SecretRef.of(rs.getString(2))),
                                rs.getBytes(4))));
    }

    @Override
    public long count() {
        return transactions.read(
                "count encrypted keys", c -> Jdbc.queryOne(c, sql.countSecrets, Jdbc.NONE, rs -> rs.getLong(1))
                        .orElse(0L));
    }

    private static Jdbc.Binder byRef(WorkspaceId workspace, SecretRef ref) {
        return Jdbc.strings(workspace.value(), ref.value());
    }

    @Override
    public String toString() {
        return "JdbcSecretStore[" + dialect + ", prefix=" + sql.tables.prefix() + "]";
    }
}
