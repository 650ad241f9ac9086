/**
 * The Spring Security implementation of {@link dev.connections.web.ConnectionsAccess}: the workspace from the
 * host's {@link dev.connections.web.spring.security.WorkspaceResolver}, the actor from the principal, the
 * allowed actions from {@code CONNECTIONS_*} authorities.
 */
@NullMarked
package dev.connections.web.spring.security;

import org.jspecify.annotations.NullMarked;
