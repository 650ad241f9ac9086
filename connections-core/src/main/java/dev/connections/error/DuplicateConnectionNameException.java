package dev.connections.error;

import java.util.List;
import java.util.Map;

/** The app already has a connection with this name (names are compared on their folded key, {@code NameRules.key}). */
public final class DuplicateConnectionNameException extends ConnectionValidationException {
    private static final long serialVersionUID = 1L;

    /** The field message, shared so a form shows the same text whichever check found the clash. */
    public static final String MESSAGE = "A connection with this name already exists for this app.";

    /** Reported on the field {@code name}. */
    public DuplicateConnectionNameException() {
        super(Map.of("name", List.of(MESSAGE)));
    }
}
