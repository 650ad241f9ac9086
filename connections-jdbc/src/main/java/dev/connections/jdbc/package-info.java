/**
 * JDBC storage for the Connections library: PostgreSQL, MariaDB/MySQL and H2 behind {@link
 * dev.connections.jdbc.JdbcConnections}, with versioned schema scripts under {@code db/connections/} and the
 * one-default and unique-name rules enforced by database indexes.
 */
@NullMarked
package dev.connections.jdbc;

import org.jspecify.annotations.NullMarked;
