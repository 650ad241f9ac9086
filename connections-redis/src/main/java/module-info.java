/** A change feed over Redis pub/sub for Connections hosts that run many instances. */
module dev.connections.redis {
    requires transitive dev.connections.core;
    requires transitive lettuce.core;
    requires org.slf4j;
    requires static org.jspecify;

    exports dev.connections.redis;
}
