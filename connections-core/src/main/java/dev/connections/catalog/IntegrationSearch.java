package dev.connections.catalog;

import java.util.List;

/** PLACEHOLDER — replaced by the catalog work. */
public final class IntegrationSearch {
    private IntegrationSearch() {}

    public static List<Integration> rank(List<Integration> integrations, String query) {
        throw new UnsupportedOperationException("not built yet");
    }
}
