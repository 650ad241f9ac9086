/**
 * Connections: the embeddable Settings › Connections feature. Start at {@link
 * dev.connections.Connections#builder()}.
 */
@NullMarked
package dev.connections;

import org.jspecify.annotations.NullMarked;
