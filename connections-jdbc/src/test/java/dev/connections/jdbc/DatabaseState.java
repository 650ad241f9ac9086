package dev.connections.jdbc;

import dev.connections.id.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/** What plain SQL sees in one workspace, bypassing the library: for checking invariants after the fact. */
record DatabaseState(
        Map<String, Integer> connectionsPerApp,
        Map<String, Integer> defaultsPerApp,
        Set<String> connectionRefs,
        Set<String> secretRefs,
        Set<String> secretOwners,
        Set<String> connectionIds) {

    static DatabaseState read(DataSource dataSource, JdbcTables tables, WorkspaceId ws) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> defaults = new TreeMap<>();
        Set<String> refs = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> secretRefs = new HashSet<>();
        Set<String> owners = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT integration, is_default, secret_ref, id FROM "
                    + tables.connections() + " WHERE workspace = ?")) {
                ps.setString(1, ws.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.merge(rs.getString(1), 1, Integer::sum);
                        defaults.merge(rs.getString(1), rs.getBoolean(2) ? 1 : 0, Integer::sum);
                        refs.add(rs.getString(3));
                        ids.add(rs.getString(4));
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT ref, connection_id FROM " + tables.secrets() + " WHERE workspace = ?")) {
                ps.setString(1, ws.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        secretRefs.add(rs.getString(1));
                        owners.add(rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new DatabaseState(counts, defaults, refs, secretRefs, owners, ids);
    }

    /**
     * Every cell of every table under the adapter's prefix (schema version included), all workspaces, as
     * text: binary columns both as Latin-1 (byte for byte) and as hex, so a scan for plain keys sees them
     * however they might have been stored.
     */
    static List<String> dump(DataSource dataSource, JdbcTables tables) {
        List<String> names = new ArrayList<>(tables.dataTables());
        names.add(tables.schemaVersion());
        List<String> cells = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            for (String table : names) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int col = 1; col <= meta.getColumnCount(); col++) {
                            int type = meta.getColumnType(col);
                            if (type == Types.BINARY
                                    || type == Types.VARBINARY
                                    || type == Types.LONGVARBINARY
                                    || type == Types.BLOB) {
                                byte[] bytes = rs.getBytes(col);
                                if (bytes != null) {
                                    cells.add(new String(bytes, StandardCharsets.ISO_8859_1));
                                    cells.add(HexFormat.of().formatHex(bytes));
                                }
                            } else {
                                String text = rs.getString(col);
                                if (text != null) {
                                    cells.add(text);
                                }
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return cells;
    }

    int total() {
        return connectionsPerApp.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Exactly one default per app that has connections; every connection has its secret and vice versa. */
    boolean consistent() {
        boolean oneDefault = connectionsPerApp.keySet().stream().allMatch(app -> defaultsPerApp.get(app) == 1);
        return oneDefault && connectionRefs.equals(secretRefs) && connectionIds.equals(secretOwners);
    }
}
