/**
 * The Connections page and its HTTP API as a host mounts them: {@link dev.connections.web.ConnectionsAccess}
 * is the SPI through which the host decides, from the request's principal, the workspace, the actor and
 * the allowed actions.
 */
@NullMarked
package dev.connections.web;

import org.jspecify.annotations.NullMarked;
