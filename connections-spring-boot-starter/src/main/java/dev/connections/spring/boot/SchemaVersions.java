package dev.connections.spring.boot;

/** The storage schema's applied and latest versions, for the health check; a type of the starter's own, so the
 * health indicator loads no JDBC class when connections-jdbc is absent. */
interface SchemaVersions {
    int current();

    int latest();
}
