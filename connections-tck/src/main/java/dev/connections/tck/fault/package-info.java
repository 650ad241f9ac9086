/**
 * Fault injection for adapter authors: {@link dev.connections.tck.fault.FaultInjectingDataSource} wraps
 * any {@code DataSource} and fails connections, statements and commits on demand; {@link
 * dev.connections.tck.fault.FaultInjector} is what {@link dev.connections.tck.ConnectionsFaultContract}
 * drives, so an adapter without a {@code DataSource} can inject faults at its own seam.
 */
@NullMarked
package dev.connections.tck.fault;

import org.jspecify.annotations.NullMarked;
