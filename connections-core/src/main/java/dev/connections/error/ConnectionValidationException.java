package dev.connections.error;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input was rejected; every problem is reported at once as field → messages, and nothing changed.
 *
 * <p>Field names are the ones of the operation's input ({@code name}, {@code apiKey}, {@code
 * baseUrl}, {@code headerName}, …) so a form can show each message next to its field. Messages never
 * repeat the rejected value.
 */
public class ConnectionValidationException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, List<String>> fieldErrors;

    /** {@code fieldErrors} needs at least one entry; it is copied. */
    public ConnectionValidationException(Map<String, List<String>> fieldErrors) {
        super(describe(fieldErrors));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fieldErrors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        this.fieldErrors = Collections.unmodifiableMap(copy);
    }

    /** Convenience for a single problem. */
    public static ConnectionValidationException of(String field, String message) {
        return new ConnectionValidationException(Map.of(field, List.of(message)));
    }

    /** Field name → messages, in the order the fields were checked. */
    public Map<String, List<String>> fieldErrors() {
        return fieldErrors;
    }

    /** Messages for one field, empty when that field is fine. */
    public List<String> errorsFor(String field) {
        return fieldErrors.getOrDefault(field, List.of());
    }

    private static String describe(Map<String, List<String>> fieldErrors) {
        if (fieldErrors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one field error");
        }
        List<String> parts = new ArrayList<>();
        fieldErrors.forEach((field, messages) -> parts.add(field + ": " + String.join("; ", messages)));
        return "Please correct: " + String.join(", ", parts);
    }
}
