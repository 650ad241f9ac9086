/** A change feed over NATS core pub/sub for Connections hosts that run many instances. */
module dev.connections.nats {
    requires transitive dev.connections.core;
    requires transitive io.nats.jnats;
    requires org.slf4j;
    requires static org.jspecify;

    exports dev.connections.nats;
}
