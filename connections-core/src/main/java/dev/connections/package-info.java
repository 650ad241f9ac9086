/**
 * Connections: the embeddable Settings › Connections feature. Start at {@link
 * dev.connections.ConnectionsBuilder#newBuilder()}.
 */
@NullMarked
package dev.connections;

import org.jspecify.annotations.NullMarked;
