package dev.connections.connection;

import java.util.Comparator;
import java.util.List;

/**
 * Chooses which connection becomes the default when the default is deleted (B6).
 *
 * <p>The invariant itself — exactly one default per app that has connections, the first connection
 * becoming default — is not pluggable; only the successor rule is.
 */
@FunctionalInterface
public interface DefaultPolicy {

    /**
     * Picks the new default among {@code remaining}, which is never empty and holds the app's other
     * connections in no particular order.
     */
    Connection chooseSuccessor(List<Connection> remaining);

    /** The built-in rule: the oldest remaining connection by creation time, then by id. */
    static DefaultPolicy oldestFirst() {
        Comparator<Connection> oldest =
                Comparator.comparing(Connection::createdAt).thenComparing(Connection::id);
        return remaining -> remaining.stream().min(oldest).orElseThrow();
    }
}
