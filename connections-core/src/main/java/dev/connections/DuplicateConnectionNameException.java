package dev.connections;

import java.util.List;
import java.util.Map;

/** The app already has a connection with this name (names are compared case-insensitively). */
public final class DuplicateConnectionNameException extends ConnectionValidationException {
    private static final long serialVersionUID = 1L;

    public static final String MESSAGE = "A connection with this name already exists for this app.";

    public DuplicateConnectionNameException() {
        super(Map.of("name", List.of(MESSAGE)));
    }
}
