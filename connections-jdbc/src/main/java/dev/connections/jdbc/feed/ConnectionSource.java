package dev.connections.jdbc.feed;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the change feed's connections: from a DataSource or from a URL. */
@FunctionalInterface
interface ConnectionSource {
    Connection open() throws SQLException;
}
