/**
 * Fault injection for adapter authors: {@link dev.connections.tck.fault.FaultInjectingDataSource} wraps
 * any {@code DataSource} and fails connections, statements and commits on demand; {@link
 * dev.connections.tck.fault.FaultInjector} is what {@link dev.connections.tck.ConnectionsFaultContract}
 * drives, so an adapter without a {@code DataSource} can inject faults at its own seam. {@link
 * dev.connections.tck.fault.TcpFaultProxy} misbehaves on the network between a client and its server, and {@link
 * dev.connections.tck.fault.PrivatePostgres} runs a PostgreSQL cluster of a test's own to kill, restart or fill.
 */
@NullMarked
package dev.connections.tck.fault;

import org.jspecify.annotations.NullMarked;
