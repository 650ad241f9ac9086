package dev.connections.catalog;

/** How an OAuth 2.0 client proves itself at the token endpoint (RFC 6749 §2.3.1). */
public enum ClientAuthentication {
    /** HTTP basic authentication with the client id and secret (the RFC's preferred method). */
    CLIENT_SECRET_BASIC,
    /** The client id and secret as form parameters of the request body. */
    CLIENT_SECRET_POST
}
