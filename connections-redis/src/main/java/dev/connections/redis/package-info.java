/**
 * {@link dev.connections.redis.RedisChangeFeed}: a {@link dev.connections.spi.ChangeFeed} over Redis pub/sub
 * (Lettuce), so that a write on one host instance reaches the others' caches through the broker the host
 * already runs, without a database backend per instance.
 */
@NullMarked
package dev.connections.redis;

import org.jspecify.annotations.NullMarked;
