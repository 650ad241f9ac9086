package dev.connections.verify;

/**
 * Whether the facade checks a key against the live API before it stores it (adding a connection,
 * replacing a key), and what it does when the API cannot be reached. A rejected key is always refused
 * with a field error on the key, and nothing is stored.
 */
public enum VerifyBeforeSave {
    /** Keys are stored after the format check only (the default). */
    OFF,
    /** Rejected keys are refused; when the API cannot be reached the key is stored unverified. */
    SAVE_WHEN_UNREACHABLE,
    /** Only keys the API accepted are stored; an unreachable API refuses the save with a field error. */
    REFUSE_WHEN_UNREACHABLE
}
