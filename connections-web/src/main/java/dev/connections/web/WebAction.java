package dev.connections.web;

/** One thing a caller may do on the Connections page or through its API; a host allows each explicitly. */
public enum WebAction {
    /** See connected apps, the catalog, an app's connections, their status and last use. */
    VIEW,
    /** Add a connection to a catalog app or a custom app, or import several. */
    ADD,
    /** Rename a connection or replace its key. */
    EDIT,
    /** Make a connection its app's default. */
    SET_DEFAULT,
    /** Delete a connection (its key is destroyed). */
    DELETE,
    /** Check a connection's key against the app's live API. */
    TEST
}
