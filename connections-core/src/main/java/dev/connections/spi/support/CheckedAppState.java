package dev.connections.spi.support;

import dev.connections.connection.Connection;
import dev.connections.connection.NameRules;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionRepository;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Base for {@link ConnectionRepository.AppState} implementations: keeps the app's rows as they stand in
 * the unit of work and applies the SPI's rules before the adapter stores a change.
 *
 * <p>The rules — same workspace and app, at most one default, names unique by {@link #nameKey}, each
 * update exactly one version later — are the same for every adapter, so they live here once; an
 * adapter only says how a checked change is stored. A database adapter should enforce the default and
 * name rules with unique indexes as well, so a writer that bypasses the library cannot break them.
 */
public abstract class CheckedAppState implements ConnectionRepository.AppState {
    private final WorkspaceId workspace;
    private final IntegrationId integration;
    private final Map<ConnectionId, Connection> rows = new LinkedHashMap<>();
    // The name rule's keys, folded once per row, and how many rows hold each (rows stored before the rule may
    // share one): a check is a look-up, so a unit of work that inserts n rows (an import) does O(n) folds, not
    // O(n²).
    private final Map<ConnectionId, String> keyOf = new HashMap<>();
    private final Map<String, Integer> holders = new HashMap<>();
    private @Nullable ConnectionId defaultId;

    /** Starts from the app's stored connections. */
    protected CheckedAppState(WorkspaceId workspace, IntegrationId integration, Collection<Connection> stored) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.integration = Objects.requireNonNull(integration, "integration");
        stored.forEach(this::hold);
    }

    /**
     * The key under which connection names must be unique within an app: {@link NameRules#key} (NFKC,
     * case-folded, invisible characters dropped, white space runs one space), so names that look alike are
     * one name. Rows stored before this rule may hold an older key (the name lower-cased); the checks here
     * always fold the stored names afresh.
     */
    public static String nameKey(String name) {
        return NameRules.key(name);
    }

    /**
     * The uniqueness rule for names within an app, the one every check applies: whether a connection other
     * than {@code except} already has a name with the same {@link #nameKey}.
     */
    public static boolean nameTaken(Collection<Connection> connections, String name, @Nullable ConnectionId except) {
        String key = nameKey(name);
        return connections.stream()
                .anyMatch(c -> !c.id().equals(except) && nameKey(c.name()).equals(key));
    }

    @Override
    public final WorkspaceId workspace() {
        return workspace;
    }

    @Override
    public final IntegrationId integration() {
        return integration;
    }

    @Override
    public final List<Connection> connections() {
        return List.copyOf(rows.values());
    }

    @Override
    public final void insert(Connection connection) {
        requireSameApp(connection);
        if (rows.containsKey(connection.id())) {
            throw new IllegalStateException("Connection " + connection.id() + " already exists");
        }
        requireOneDefault(connection);
        requireNameFree(connection);
        storeInsert(connection);
        hold(connection);
    }

    @Override
    public final void update(Connection updated) {
        requireSameApp(updated);
        Connection stored = rows.get(updated.id());
        if (stored == null) {
            throw new ConnectionNotFoundException(workspace, updated.id());
        }
        if (stored.version() != updated.version() - 1) {
            throw new StaleConnectionException(updated.id(), updated.version() - 1, stored.version());
        }
        requireOneDefault(updated);
        // An unchanged name is not checked again: two names stored before today's fold may now fold alike,
        // and moving the default badge or replacing a key must still work for them.
        if (!updated.name().equals(stored.name())) {
            requireNameFree(updated);
        }
        storeUpdate(stored, updated);
        release(stored.id());
        hold(updated);
    }

    @Override
    public final void delete(ConnectionId id) {
        if (!rows.containsKey(id)) {
            throw new ConnectionNotFoundException(workspace, id);
        }
        storeDelete(id);
        release(id);
    }

    /** The rows as they stand now, in insertion order; a read-only view. */
    protected final Map<ConnectionId, Connection> rows() {
        return Collections.unmodifiableMap(rows);
    }

    /** Stores a checked new connection; throwing leaves the unit of work's view unchanged. */
    protected abstract void storeInsert(Connection connection);

    /** Stores a checked update of {@code stored} to {@code updated} (one version later). */
    protected abstract void storeUpdate(Connection stored, Connection updated);

    /** Removes a connection known to be there. */
    protected abstract void storeDelete(ConnectionId id);

    private void requireSameApp(Connection c) {
        if (!c.workspace().equals(workspace) || !c.integration().equals(integration)) {
            throw new IllegalArgumentException("Connection " + c.id() + " belongs to another workspace or app");
        }
    }

    private void hold(Connection c) {
        rows.put(c.id(), c);
        String key = nameKey(c.name());
        keyOf.put(c.id(), key);
        holders.merge(key, 1, Integer::sum);
        if (c.isDefault()) {
            defaultId = c.id();
        }
    }

    private void release(ConnectionId id) {
        rows.remove(id);
        String key = keyOf.remove(id);
        if (key != null) {
            holders.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
        if (id.equals(defaultId)) {
            defaultId = null;
        }
    }

    private void requireOneDefault(Connection c) {
        if (c.isDefault() && defaultId != null && !defaultId.equals(c.id())) {
            // The caller clears the old default first, as a database's unique index would demand.
            throw new IllegalStateException("The app already has a default connection");
        }
    }

    private void requireNameFree(Connection c) {
        String key = nameKey(c.name());
        int holding = holders.getOrDefault(key, 0) - (key.equals(keyOf.get(c.id())) ? 1 : 0);
        if (holding > 0) {
            throw new DuplicateConnectionNameException();
        }
    }
}
