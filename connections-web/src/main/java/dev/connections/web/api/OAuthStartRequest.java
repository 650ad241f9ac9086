package dev.connections.web.api;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST {api}/apps/{integrationId}/oauth/authorizations} and {@code POST
 * {api}/apps/{integrationId}/oauth/client-credentials}: the new connection's name. Nothing secret: the user
 * signs in at the provider, and the client secret is the host's.
 *
 * @param name the connection's name
 */
public record OAuthStartRequest(@Nullable String name) {}
