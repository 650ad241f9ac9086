package dev.connections;

import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects field problems so every one is reported at once, in the order fields were checked. */
final class FieldErrors {
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    void add(String field, String message) {
        List<String> messages = errors.computeIfAbsent(field, f -> new ArrayList<>());
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

    /** Another set's problems under {@code prefix} + their field name (an item of a list: {@code items[3].}). */
    void addAll(String prefix, FieldErrors other) {
        other.errors.forEach((field, messages) -> messages.forEach(m -> add(prefix + field, m)));
    }

    boolean has(String field) {
        return errors.containsKey(field);
    }

    /** Whether every problem so far is on one of {@code fields}. */
    boolean isEmptyExcept(String... fields) {
        return java.util.Arrays.asList(fields).containsAll(errors.keySet());
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() {
        // A taken name as the only problem is the documented DuplicateConnectionNameException, the same
        // exception the locked re-check throws when two requests race for one name.
        if (errors.size() == 1
                && List.of(DuplicateConnectionNameException.MESSAGE).equals(errors.get("name"))) {
            throw new DuplicateConnectionNameException();
        }
        if (!errors.isEmpty()) {
            throw new ConnectionValidationException(errors);
        }
    }
}
