/**
 * JDBC storage for Connections on PostgreSQL, MariaDB/MySQL and H2: repository, secret store, key-usage
 * counter, schema, and change feeds for several host instances.
 */
module dev.connections.jdbc {
    requires transitive dev.connections.core;
    requires transitive java.sql;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static org.jspecify;
    // Only PostgresChangeFeed uses the driver's LISTEN API; a host using it has the driver anyway.
    requires static org.postgresql.jdbc;

    exports dev.connections.jdbc;
    exports dev.connections.jdbc.feed;
}
