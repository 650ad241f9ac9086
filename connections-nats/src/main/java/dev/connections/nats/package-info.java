/**
 * {@link dev.connections.nats.NatsChangeFeed}: a {@link dev.connections.spi.ChangeFeed} over NATS core
 * pub/sub (jnats), so that a write on one host instance reaches the others' caches through the broker the
 * host already runs, without a database backend per instance.
 */
@NullMarked
package dev.connections.nats;

import org.jspecify.annotations.NullMarked;
