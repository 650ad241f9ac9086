/**
 * A small Spring Boot host serving the Connections page and API of connections-web: Spring Security with
 * form login and its CSRF token, two demo users in two workspaces, embedded H2.
 */
@NullMarked
package dev.connections.examples.host;

import org.jspecify.annotations.NullMarked;
