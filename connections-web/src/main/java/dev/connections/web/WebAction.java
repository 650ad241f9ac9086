package dev.connections.web;

/** One thing a caller may do on the Connections page or through its API; a host allows each explicitly. */
public enum WebAction {
    /** See connected apps, the catalog, an app's connections, their status and last use. */
    VIEW,
    /** Add a connection to a catalog app or a custom app, connect one by OAuth 2.0, or import several. */
    ADD,
    /** Rename a connection, replace its key, or reconnect its OAuth 2.0 grant. */
    EDIT,
    /** Make a connection its app's default. */
    SET_DEFAULT,
    /** Delete a connection (its key is destroyed; an OAuth grant is revoked at the provider where it can be). */
    DELETE,
    /** Check a connection's key against the app's live API. */
    TEST
}
