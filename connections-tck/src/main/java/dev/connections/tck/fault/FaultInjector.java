package dev.connections.tck.fault;

import java.time.Duration;
import java.util.List;

/**
 * What {@link dev.connections.tck.ConnectionsFaultContract} needs from an adapter's fault
 * injection: count the fault points one run of an operation passes, arm a one-shot fault at any of them,
 * and make storage unreachable for a while.
 *
 * <p>{@link FaultInjectingDataSource} implements it for JDBC adapters; an adapter without a {@code
 * DataSource} implements it at the SPI seam (for instance with Mockito spies on its {@code
 * ConnectionRepository} and {@code SecretStore}, as connections-inmemory's tests do).
 */
public interface FaultInjector {

    /** Disarms every fault and starts counting fault points from zero. */
    void startCounting();

    /**
     * One fault point per place the storage calls made since {@link #startCounting()} could fail; a
     * later run of the same operation on the same kind of data passes the same points, so arming one of
     * them and running it again hits exactly that place.
     */
    List<FaultPoint> faultPoints();

    /**
     * Makes storage unreachable for {@code duration} from now: every attempt to reach it fails until
     * then. Used for an outage longer than the adapter's retry budget.
     */
    void outage(Duration duration);

    /** Disarms every fault and ends an outage. */
    void disarm();
}
