package dev.connections.catalog;

import dev.connections.error.ConnectionsException;
import java.util.List;

/**
 * A catalog file or a set of integrations that cannot form a catalog: malformed JSON, a missing or
 * invalid field, a duplicate or reserved id.
 *
 * <p>The message names the source and every problem found, each with the entry and the field, e.g.
 * {@code integrations[3] (id "slack"): auth.name: required}.
 */
public final class InvalidCatalogException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_LISTED = 25;

    private final String source;
    private final List<String> problems;

    /** Every problem found in {@code source}, so one run reports them all. */
    public InvalidCatalogException(String source, List<String> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** One problem that stopped reading, e.g. malformed JSON. */
    public InvalidCatalogException(String source, String problem, Throwable cause) {
        super(message(source, List.of(problem)), cause);
        this.source = source;
        this.problems = List.of(problem);
    }

    /** Where the catalog came from: a path, a resource name, or {@code "integrations"}. */
    public String source() {
        return source;
    }

    /** Every problem found, each naming the entry and the field. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder message = new StringBuilder("Invalid integration catalog ").append(source);
        if (problems.size() == 1) {
            return message.append(": ").append(problems.get(0)).toString();
        }
        message.append(" (").append(problems.size()).append(" problems):");
        problems.stream().limit(MAX_LISTED).forEach(p -> message.append("\n  - ")
                .append(p));
        if (problems.size() > MAX_LISTED) {
            message.append("\n  - … and ").append(problems.size() - MAX_LISTED).append(" more");
        }
        return message.toString();
    }
}
