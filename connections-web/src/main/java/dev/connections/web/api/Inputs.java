package dev.connections.web.api;

import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a request sent into the facade's types, collecting every problem as a field error so they are
 * reported at once (a {@link ConnectionValidationException}, the same exception the facade throws). Messages
 * never repeat the value sent.
 */
final class Inputs {
    /** The one ETag form the API sends and accepts: the version in double quotes. */
    private static final Pattern ETAG = Pattern.compile("\"([1-9][0-9]{0,18})\"");

    static final String IF_MATCH = "If-Match";

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    void add(String field, String message) {
        List<String> messages = errors.computeIfAbsent(field, f -> new ArrayList<>());
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ConnectionValidationException(errors);
        }
    }

    /** A connection id from a path; a malformed one is bad input (400), never "not found". */
    static ConnectionId connectionId(String text) {
        try {
            return ConnectionId.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw ConnectionValidationException.of("id", "This is not a connection id (a UUID).");
        }
    }

    /** An integration id from a path. */
    static IntegrationId integrationId(String text) {
        Inputs inputs = new Inputs();
        IntegrationId id = inputs.integrationId(text, "integrationId").orElse(null);
        inputs.throwIfAny();
        return java.util.Objects.requireNonNull(id);
    }

    /** An integration id, or a field error under {@code field}. */
    Optional<IntegrationId> integrationId(@Nullable String text, String field) {
        if (text == null || text.isBlank()) {
            add(field, "Choose an app.");
            return Optional.empty();
        }
        try {
            return Optional.of(IntegrationId.of(text.strip()));
        } catch (IllegalArgumentException e) {
            add(field, "This is not an app id: they have 1-63 lower-case letters, digits or '-'.");
            return Optional.empty();
        }
    }

    /** The settings sent, without the ones sent as null (the same as not sending them). */
    static Map<String, String> settings(@Nullable Map<String, @Nullable String> sent) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (sent != null) {
            sent.forEach((name, value) -> {
                if (value != null) {
                    settings.put(name, value);
                }
            });
        }
        return settings;
    }

    /** The key sent; a missing one is empty, which the facade reports as "Enter the API key." */
    static Secret key(@Nullable String sent) {
        return Secret.of(sent == null ? "" : sent);
    }

    /**
     * The version an {@code If-Match} header names.
     *
     * @throws ApiException VERSION_REQUIRED (428) when the header is missing
     * @throws ConnectionValidationException when it is not one ETag as this API sends them
     */
    static long expectedVersion(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(ApiException.Reason.VERSION_REQUIRED);
        }
        var matcher = ETAG.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw ConnectionValidationException.of(
                    IF_MATCH,
                    "Send the ETag the connection was read with, e.g. \"3\"; a list, a weak ETag or * is"
                            + " not accepted.");
        }
        return Long.parseLong(matcher.group(1));
    }

    /**
     * The facade's field errors renamed to the request's fields ({@code rename} answers a facade field with the
     * request's, or with itself); a taken name stays the {@link DuplicateConnectionNameException} it is.
     */
    static ConnectionValidationException renamed(ConnectionValidationException e, UnaryOperator<String> rename) {
        if (e instanceof DuplicateConnectionNameException) {
            return e;
        }
        Inputs inputs = new Inputs();
        e.fieldErrors().forEach((field, messages) -> messages.forEach(m -> inputs.add(rename.apply(field), m)));
        if (inputs.errors.size() == 1
                && List.of(DuplicateConnectionNameException.MESSAGE).equals(inputs.errors.get("name"))) {
            return new DuplicateConnectionNameException();
        }
        return new ConnectionValidationException(inputs.errors);
    }
}
