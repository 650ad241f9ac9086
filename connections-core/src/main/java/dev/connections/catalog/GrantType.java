package dev.connections.catalog;

/** An OAuth 2.0 grant a connection is made with. */
public enum GrantType {
    /** The user approves access at the provider (RFC 6749 §4.1, always with PKCE); refreshable when the provider issues a refresh token. */
    AUTHORIZATION_CODE,
    /** The client acts for itself (RFC 6749 §4.4): a new token is fetched when the old one expires, never refreshed. */
    CLIENT_CREDENTIALS
}
