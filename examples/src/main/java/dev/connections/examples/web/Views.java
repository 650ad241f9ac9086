package dev.connections.examples.web;

import dev.connections.catalog.Integration;
import dev.connections.catalog.SettingSpec;
import dev.connections.connection.Connection;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The small immutable values the templates render. None of them can hold an API key: keys arrive in a
 * request, go straight to the library, and only their hints come back.
 */
public final class Views {
    private Views() {}

    /**
     * A submitted form that failed: which popup or page it belongs to, what the user typed (never the
     * key) and the messages per field.
     */
    public record FormState(String dialog, Map<String, String> values, Map<String, List<String>> errors) {
        /** The form field that carries the API key; its value is never kept. */
        static final String KEY_FIELD = "apiKey";

        static final FormState NONE = new FormState("", Map.of(), Map.of());

        public FormState {
            if (values.containsKey(KEY_FIELD)) {
                throw new IllegalArgumentException("A form state never holds the API key");
            }
            values = Map.copyOf(values);
            errors = Map.copyOf(errors);
        }

        /**
         * Whether {@code form} came back rejected without a message of its own for the key: the key field
         * is empty again (keys are never sent back), and the page says to enter it again.
         */
        public boolean keyMustBeEnteredAgain(String form) {
            return is(form) && error(form, KEY_FIELD) == null;
        }

        public boolean is(String candidate) {
            return dialog.equals(candidate);
        }

        /** The first message for {@code field} in {@code form}, or null when there is none. */
        @Nullable
        public String error(String form, String field) {
            if (!is(form)) {
                return null;
            }
            List<String> messages = errors.get(field);
            return messages == null || messages.isEmpty() ? null : String.join(" ", messages);
        }

        /** What the user typed in {@code field} of {@code form}, else {@code fallback}. */
        public String value(String form, String field, @Nullable String fallback) {
            if (is(form) && values.containsKey(field)) {
                return values.get(field);
            }
            return fallback == null ? "" : fallback;
        }
    }

    /** A message at the top of a page: {@code success} after a change, {@code problem} when one failed. */
    public record Notice(String kind, String text) {
        static Notice success(String text) {
            return new Notice("success", text);
        }

        static Notice problem(String text) {
            return new Notice("problem", text);
        }
    }

    /** What "Test trigger" found: the connection resolveDefault returned, by name and key hint. */
    public record TriggerView(
            String appName, @Nullable String connectionName, @Nullable String keyHint, String detail) {}

    /**
     * What "Test" found for one connection, shown in that connection's row after the redirect. {@code text}
     * may carry the provider's reason: templates render it as text only.
     *
     * @param connectionId the row it belongs to
     * @param kind {@code valid}, {@code invalid}, {@code unreachable} or {@code unsupported}, for styling
     * @param text the sentence shown
     */
    public record TestResult(String connectionId, String kind, String text) {
        static TestResult of(String connectionId, String appName, Verification v) {
            String text =
                    switch (v.status()) {
                        case VALID -> "Verified just now.";
                        case INVALID -> "Key rejected by " + appName + ": " + v.reason();
                        case UNREACHABLE -> "Could not reach " + appName + ": " + v.reason();
                        case UNSUPPORTED -> "This app has no key check: " + v.reason();
                    };
            return new TestResult(connectionId, v.status().name().toLowerCase(Locale.ROOT), text);
        }
    }

    /** "just now", "5 min ago", "3 h ago", "2 days ago": how long before {@code now} {@code then} was. */
    static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h ago";
        }
        return d.toDays() == 1 ? "1 day ago" : d.toDays() + " days ago";
    }

    /** One app in a list: "Your connected apps" or "Explore all integrations". */
    public record AppView(
            String id,
            String name,
            String description,
            String initial,
            int connectionCount,
            boolean custom,
            boolean needsAttention) {
        static AppView of(Integration app, int connectionCount) {
            return of(app, connectionCount, false);
        }

        static AppView of(Integration app, int connectionCount, boolean needsAttention) {
            String name = app.displayName();
            return new AppView(
                    app.id().value(),
                    name,
                    app.description(),
                    name.substring(0, 1).toUpperCase(Locale.ROOT),
                    connectionCount,
                    app.isCustom(),
                    needsAttention);
        }

        public String countLabel() {
            return connectionCount == 1 ? "1 connection" : connectionCount + " connections";
        }
    }

    /**
     * One connection row on an app's page, with the ids of its two popups and its health: the badge of its
     * last key check ({@code statusKind} is {@code verified}, {@code rejected} or {@code unverified}) and
     * when it was last used.
     */
    public record ConnectionRow(
            String id,
            String name,
            boolean isDefault,
            String keyHint,
            long version,
            String statusKind,
            String statusLabel,
            String lastUsedLabel) {
        static ConnectionRow of(Connection c) {
            return of(c, ConnectionStatus.UNKNOWN, "", Instant.now());
        }

        static ConnectionRow of(Connection c, ConnectionStatus status, String appName, Instant now) {
            Verification last = status.verification().orElse(null);
            String kind;
            String label;
            if (last != null && last.status() == Verification.Status.VALID) {
                kind = "verified";
                label = "Verified " + ago(last.checkedAt(), now);
            } else if (status.keyRejected()) {
                kind = "rejected";
                label = "Key rejected by " + appName;
            } else {
                // Unreachable or uncheckable says nothing about the key.
                kind = "unverified";
                label = "Not verified";
            }
            String used =
                    status.lastUsed().map(at -> "Last used " + ago(at, now)).orElse("Never used");
            return new ConnectionRow(
                    c.id().toString(), c.name(), c.isDefault(), c.keyHint(), c.version(), kind, label, used);
        }

        public String editDialog() {
            return "edit-" + id;
        }

        public String deleteDialog() {
            return "delete-" + id;
        }
    }

    /** A non-secret setting the add popup asks for. */
    public record SettingField(String name, String label, String placeholder, boolean required) {
        static SettingField of(SettingSpec spec) {
            return new SettingField(
                    spec.name(), spec.label(), spec.defaultValue() == null ? "" : spec.defaultValue(), spec.required());
        }

        public String param() {
            return "settings." + name;
        }
    }
}
