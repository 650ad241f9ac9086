/**
 * The OAuth 2.0 wire protocol for Connections on the Nimbus OAuth 2.0 SDK: {@link
 * dev.connections.oauth2.NimbusOAuthProtocol} implements core's {@link dev.connections.oauth.OAuthProtocol}.
 * It lives in its own module so that hosts connecting apps by API key only never carry Nimbus.
 */
@NullMarked
package dev.connections.oauth2;

import org.jspecify.annotations.NullMarked;
