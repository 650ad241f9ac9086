package dev.connections.benchmarks;

import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The least work a rotation of a secrets table must do, in plain JDBC and JCE: page through the table by
 * ref; for each row one AES-256-GCM decryption and one encryption (a fresh 96-bit nonce from {@link
 * SecureRandom}, associated data binding the row, one {@link Cipher} reused for both); then the page's rows
 * written back with one batched compare-and-set UPDATE and a commit. Rows hold the library's stored layout
 * ({@code 'C' 'K'}, format, key-id length, key id, nonce, ciphertext and tag), so both sides move the same
 * bytes.
 */
final class BareRotation {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final String[] KEY_IDS = {"key-a", "key-b"};

    private final DataSource pool;
    private final int batch;
    private final SecretKeySpec[] keys;
    private final Cipher cipher;
    private final SecureRandom random = new SecureRandom();
    private final String firstPage;
    private final String nextPage;
    private final String rewrite;

    BareRotation(DataSource pool, String table, int batch, SecretKeySpec keyA, SecretKeySpec keyB)
            throws GeneralSecurityException {
        this.pool = pool;
        this.batch = batch;
        this.keys = new SecretKeySpec[] {keyA, keyB};
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        this.firstPage = "SELECT workspace, ref, connection_id, sealed FROM " + table + " ORDER BY ref LIMIT " + batch;
        this.nextPage = "SELECT workspace, ref, connection_id, sealed FROM " + table
                + " WHERE ref > ? ORDER BY ref LIMIT " + batch;
        this.rewrite = "UPDATE " + table + " SET format = 1, key_id = ?, sealed = ?"
                + " WHERE workspace = ? AND ref = ? AND connection_id = ? AND sealed = ?";
    }

    /** The stored bytes of {@code key} sealed under key {@code side} (0 or 1) for {@code binding}. */
    byte[] seal(Secret key, SecretBinding binding, int side) throws GeneralSecurityException {
        byte[] plain = key.toUtf8Bytes();
        try {
            return seal(
                    plain,
                    binding.workspace().value(),
                    binding.ref().value(),
                    binding.connection().toString(),
                    side);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Moves every row to key {@code to}; returns how many rows were rewritten. */
    int rotateAll(int to) throws SQLException, GeneralSecurityException {
        int rewritten = 0;
        String after = null;
        try (java.sql.Connection c = pool.getConnection()) {
            while (true) {
                List<String[]> rows = new ArrayList<>(batch);
                List<byte[]> old = new ArrayList<>(batch);
                try (PreparedStatement ps = c.prepareStatement(after == null ? firstPage : nextPage)) {
                    if (after != null) {
                        ps.setString(1, after);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                            old.add(rs.getBytes(4));
                        }
                    }
                }
                if (rows.isEmpty()) {
                    return rewritten;
                }
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(rewrite)) {
                    for (int i = 0; i < rows.size(); i++) {
                        String[] row = rows.get(i);
                        byte[] plain = open(old.get(i), row[0], row[1], row[2]);
                        try {
                            ps.setString(1, KEY_IDS[to]);
                            ps.setBytes(2, seal(plain, row[0], row[1], row[2], to));
                        } finally {
                            Arrays.fill(plain, (byte) 0);
                        }
                        ps.setString(3, row[0]);
                        ps.setString(4, row[1]);
                        ps.setString(5, row[2]);
                        ps.setBytes(6, old.get(i));
                        ps.addBatch();
                    }
                    for (int n : ps.executeBatch()) {
                        rewritten += n;
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                after = rows.get(rows.size() - 1)[1];
                if (rows.size() < batch) {
                    return rewritten;
                }
            }
        }
    }

    private byte[] open(byte[] stored, String workspace, String ref, String connection)
            throws GeneralSecurityException {
        int idLength = stored[3] & 0xff;
        String keyId = new String(stored, 4, idLength, StandardCharsets.US_ASCII);
        int from = keyId.equals(KEY_IDS[0]) ? 0 : 1;
        int at = 4 + idLength;
        cipher.init(Cipher.DECRYPT_MODE, keys[from], new GCMParameterSpec(TAG_BITS, stored, at, NONCE));
        cipher.updateAAD(associatedData(keyId, workspace, ref, connection));
        return cipher.doFinal(stored, at + NONCE, stored.length - at - NONCE);
    }

    private byte[] seal(byte[] plain, String workspace, String ref, String connection, int side)
            throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        String keyId = KEY_IDS[side];
        cipher.init(Cipher.ENCRYPT_MODE, keys[side], new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData(keyId, workspace, ref, connection));
        int header = 4 + keyId.length();
        byte[] out = new byte[header + NONCE + cipher.getOutputSize(plain.length)];
        out[0] = 'C';
        out[1] = 'K';
        out[2] = 1;
        out[3] = (byte) keyId.length();
        keyId.getBytes(0, keyId.length(), out, 4);
        System.arraycopy(nonce, 0, out, header, NONCE);
        cipher.doFinal(plain, 0, plain.length, out, header + NONCE);
        return out;
    }

    // The row's identity, as the library binds it: a ciphertext copied to another row does not decrypt.
    private static byte[] associatedData(String keyId, String workspace, String ref, String connection) {
        return (1 + "|" + keyId + "|" + workspace + "|" + connection + "|" + ref).getBytes(StandardCharsets.UTF_8);
    }
}
