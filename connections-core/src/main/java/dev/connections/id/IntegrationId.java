package dev.connections.id;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies an app: a catalog integration ({@code openai}) or a workspace's custom app ({@code
 * custom-acme-crm}).
 *
 * <p>A slug of 1–63 lower-case letters, digits and hyphens starting with a letter or digit. Ids that
 * start with {@value #CUSTOM_PREFIX} are reserved for custom apps and never used by a catalog.
 */
public record IntegrationId(String value) implements Comparable<IntegrationId> {
    /** Prefix of workspace-scoped custom app ids; catalogs may not use it. */
    public static final String CUSTOM_PREFIX = "custom-";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public IntegrationId {
        Objects.requireNonNull(value, "integration id");
        if (!SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "An integration id is 1-63 lower-case letters, digits or '-' and starts with a letter or digit");
        }
    }

    /** Same as the constructor; reads better at call sites. */
    public static IntegrationId of(String value) {
        return new IntegrationId(value);
    }

    /** Whether this id names a workspace's custom app rather than a catalog integration. */
    public boolean isCustom() {
        return value.startsWith(CUSTOM_PREFIX);
    }

    @Override
    public int compareTo(IntegrationId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
