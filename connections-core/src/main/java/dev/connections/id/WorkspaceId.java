package dev.connections.id;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies the tenant that owns connections; every read and write is scoped by one.
 *
 * <p>1–128 characters of letters, digits and {@code . _ : @ -}, starting with a letter or digit, so
 * it is safe in logs, URLs and SQL parameters alike.
 */
public record WorkspaceId(String value) implements Comparable<WorkspaceId> {
    /** Letters, digits and {@code . _ : @ -}, 1–128, starting with a letter or digit: safe in logs, URLs, SQL. */
    static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    public WorkspaceId {
        Objects.requireNonNull(value, "workspace id");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "A workspace id has 1-128 letters, digits or . _ : @ - and starts with a letter or digit");
        }
    }

    /** Same as the constructor; reads better at call sites. */
    public static WorkspaceId of(String value) {
        return new WorkspaceId(value);
    }

    @Override
    public int compareTo(WorkspaceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
