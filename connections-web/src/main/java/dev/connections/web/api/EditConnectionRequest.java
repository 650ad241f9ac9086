package dev.connections.web.api;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH {api}/connections/{id}}: exactly one of a new name (B5 rename) or a new key (B5
 * replace key; the old key is destroyed).
 *
 * @param name the new name
 * @param apiKey the new key; stored encrypted, never returned
 */
public record EditConnectionRequest(@Nullable String name, @Nullable String apiKey) {

    /** Leaves the key out, so logging a request never shows it. */
    @Override
    public String toString() {
        return "EditConnectionRequest[name=" + name + ", apiKey=" + (apiKey == null ? "unchanged" : "(hidden)") + "]";
    }
}
