package dev.connections.spring.boot;

import java.util.List;

/** Startup stops with this when the application has several DataSources and none is marked for Connections. */
public final class AmbiguousDataSourceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    static final String ACTION = "Mark the DataSource Connections should use with @ConnectionsDataSource (or make it"
            + " @Primary), or define ConnectionRepository and SecretStore beans of your own.";

    private final List<String> candidates;

    AmbiguousDataSourceException(List<String> candidates) {
        super(problem(candidates) + " " + ACTION);
        this.candidates = List.copyOf(candidates);
    }

    /** The names of the DataSource beans the starter could not choose between. */
    public List<String> candidates() {
        return candidates;
    }

    static String problem(List<String> candidates) {
        return "Connections needs one DataSource but found " + candidates.size() + " (" + String.join(", ", candidates)
                + ") and none is marked @Primary or @ConnectionsDataSource.";
    }
}
