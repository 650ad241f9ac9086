package dev.connections.catalog;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A non-secret setting a connection to an app carries, such as Notion's API version or Twilio's
 * account SID.
 *
 * @param name key in {@code Connection.settings()}
 * @param label what the form shows
 * @param defaultValue used when the connection does not set it
 * @param required whether a connection must have a value (after the default is applied)
 * @param header when set, the value is sent in this HTTP header on every call
 */
public record SettingSpec(
        String name, String label, @Nullable String defaultValue, boolean required, @Nullable String header) {
    public SettingSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        if (!KeyPlacement.TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("A setting name must be a valid HTTP token");
        }
        if (header != null && !KeyPlacement.TOKEN.matcher(header).matches()) {
            throw new IllegalArgumentException("A setting header must be a valid HTTP token");
        }
    }
}
