package dev.connections.connection;

import java.util.List;

/**
 * The first {@code limit} connected apps plus how many there are in all: "Your connected apps" with
 * its "See all" link.
 */
public record ConnectedAppsSummary(List<ConnectedApp> apps, int total) {
    public ConnectedAppsSummary {
        apps = List.copyOf(apps);
        if (total < apps.size()) {
            throw new IllegalArgumentException("total cannot be below the number of apps shown");
        }
    }

    /** Whether "See all" would show more than {@link #apps()}. */
    public boolean hasMore() {
        return total > apps.size();
    }
}
