/**
 * OAuth 2.0 connections: the host's calls ({@link dev.connections.oauth.OAuthConnections}), the client
 * registrations it supplies ({@link dev.connections.oauth.OAuthClients}) and the protocol SPI ({@link
 * dev.connections.oauth.OAuthProtocol}) that the {@code connections-oauth2} module implements, so core
 * carries no protocol library.
 */
@NullMarked
package dev.connections.oauth;

import org.jspecify.annotations.NullMarked;
