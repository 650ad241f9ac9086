/**
 * Change feeds over the database, so that a write on one host instance reaches the resolution caches of
 * the others: {@link dev.connections.jdbc.feed.PostgresChangeFeed} with LISTEN/NOTIFY, and {@link
 * dev.connections.jdbc.feed.PollingChangeFeed} over the adapter's change log for MariaDB, MySQL and H2.
 */
@NullMarked
package dev.connections.jdbc.feed;

import org.jspecify.annotations.NullMarked;
