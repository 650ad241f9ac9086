package dev.connections.inmemory;

import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One workspace's connections as an immutable snapshot: a single array grouped by app (apps in id order,
 * each app's rows in the order its last unit of work left them), so a workspace costs one array slot per
 * connection instead of a map entry per connection and per index. Large workspaces also carry an
 * open-addressing id index, so a find stays a look-up rather than a scan.
 */
final class WorkspaceRows {
    static final WorkspaceRows EMPTY = new WorkspaceRows(new Connection[0]);

    // Below this a find scans the rows, which is as fast as hashing and costs no index.
    private static final int INDEXED_FROM = 32;

    private final Connection[] rows;
    // Slot -> position + 1 in rows (0 is an empty slot); length a power of two at least twice the rows.
    private final int @Nullable [] index;

    private WorkspaceRows(Connection[] rows) {
        this.rows = rows;
        this.index = rows.length < INDEXED_FROM ? null : index(rows);
    }

    boolean isEmpty() {
        return rows.length == 0;
    }

    @Nullable
    Connection find(ConnectionId id) {
        int[] slots = index;
        if (slots == null) {
            for (Connection c : rows) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
            return null;
        }
        int mask = slots.length - 1;
        for (int slot = slot(id, mask); slots[slot] != 0; slot = (slot + 1) & mask) {
            Connection c = rows[slots[slot] - 1];
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** The app's connections, an immutable list. */
    List<Connection> app(IntegrationId app) {
        int from = start(app);
        return List.of(Arrays.copyOfRange(rows, from, end(app, from)));
    }

    /** The app's default connection. */
    @Nullable
    Connection defaultOf(IntegrationId app) {
        int from = start(app);
        int to = end(app, from);
        for (int i = from; i < to; i++) {
            if (rows[i].isDefault()) {
                return rows[i];
            }
        }
        return null;
    }

    /** Connections per app, apps in id order; only apps with connections are held at all. */
    Map<IntegrationId, Integer> counts() {
        Map<IntegrationId, Integer> counts = new LinkedHashMap<>();
        for (Connection c : rows) {
            counts.merge(c.integration(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /** A copy in which the app's connections are {@code appRows} (all of this workspace and app). */
    WorkspaceRows withApp(IntegrationId app, Collection<Connection> appRows) {
        int from = start(app);
        int to = end(app, from);
        Connection[] next = new Connection[rows.length - (to - from) + appRows.size()];
        System.arraycopy(rows, 0, next, 0, from);
        int at = from;
        for (Connection c : appRows) {
            next[at++] = c;
        }
        System.arraycopy(rows, to, next, at, rows.length - to);
        return next.length == 0 ? EMPTY : new WorkspaceRows(next);
    }

    int size() {
        return rows.length;
    }

    // The first position whose app is not before {@code app} (binary search: apps are grouped in id order).
    private int start(IntegrationId app) {
        int low = 0;
        int high = rows.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (rows[mid].integration().compareTo(app) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private int end(IntegrationId app, int from) {
        int to = from;
        while (to < rows.length && rows[to].integration().equals(app)) {
            to++;
        }
        return to;
    }

    private static int[] index(Connection[] rows) {
        int[] slots = new int[Integer.highestOneBit(rows.length * 2 - 1) << 1];
        int mask = slots.length - 1;
        for (int i = 0; i < rows.length; i++) {
            int slot = slot(rows[i].id(), mask);
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = i + 1;
        }
        return slots;
    }

    private static int slot(ConnectionId id, int mask) {
        int h = id.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}
