package dev.connections.inmemory;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.StorageException;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.fault.FaultInjector;
import dev.connections.tck.fault.FaultPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.mockito.AdditionalAnswers;
import org.mockito.invocation.InvocationOnMock;

/**
 * Faults at the SPI seam, for an adapter without a DataSource: Mockito mocks that delegate every call to
 * the real {@link ConnectionRepository} and {@link SecretStore}, except that one exact call (the nth
 * after {@link #startCounting()}) fails before it reaches storage, or reaches it and then reports an
 * unknown outcome as a lost acknowledgement would.
 */
final class SeamFaultInjector implements FaultInjector {
    /** Calls that change storage: a lost acknowledgement can follow them. */
    private static final Set<String> WRITES = Set.of("modify", "put", "destroy", "replace", "addCustomApp");

    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile @Nullable Armed armed;
    private volatile long outageUntil;
    private volatile boolean outage;

    private record Armed(int nth, boolean afterCall, AtomicBoolean spent) {}

    SeamFaultInjector(ConnectionRepository realRepository, SecretStore realSecrets) {
        this.repository = mock(
                ConnectionRepository.class,
                withSettings().defaultAnswer(invocation -> seam(invocation, realRepository)));
        this.secrets =
                mock(SecretStore.class, withSettings().defaultAnswer(invocation -> seam(invocation, realSecrets)));
    }

    /** The repository to hand to the facade under test. */
    ConnectionRepository repository() {
        return repository;
    }

    /** The secret store to hand to the facade under test. */
    SecretStore secrets() {
        return secrets;
    }

    private Object seam(InvocationOnMock invocation, Object real) throws Throwable {
        String name = invocation.getMethod().getName();
        if (name.equals("toString") || name.equals("hashCode") || name.equals("equals")) {
            return AdditionalAnswers.delegatesTo(real).answer(invocation);
        }
        int n = calls.incrementAndGet();
        seen.add(name);
        if (outage && System.nanoTime() - outageUntil < 0) {
            throw new StorageException("Simulated outage: storage is unreachable");
        }
        Armed a = armed;
        boolean hit = a != null && a.nth == n && !a.spent.get();
        if (hit && !a.afterCall && a.spent.compareAndSet(false, true)) {
            throw new StorageException("Simulated storage failure before " + name + " reached storage");
        }
        Object result = AdditionalAnswers.delegatesTo(real).answer(invocation);
        if (hit && a.afterCall && a.spent.compareAndSet(false, true)) {
            throw lostAcknowledgement(name);
        }
        return result;
    }

    /** The exception an adapter throws when it cannot tell whether its write was stored. */
    private static RuntimeException lostAcknowledgement(String call) {
        return new OutcomeUnknownException(
                "Simulated lost acknowledgement: " + call + " reached storage but its answer was lost",
                new IllegalStateException("simulated loss of the connection"));
    }

    @Override
    public void startCounting() {
        disarm();
        calls.set(0);
        seen.clear();
    }

    /** Per SPI call since {@link #startCounting()}: a failure before it; for a write also a lost acknowledgement after it. */
    @Override
    public List<FaultPoint> faultPoints() {
        List<FaultPoint> points = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            int nth = i + 1;
            String name = seen.get(i);
            points.add(new FaultPoint("call #" + nth + " (" + name + ") fails", () -> arm(nth, false)));
            if (WRITES.contains(name)) {
                points.add(new FaultPoint(
                        "call #" + nth + " (" + name + ") is stored but its acknowledgement is lost",
                        () -> arm(nth, true)));
            }
        }
        return points;
    }

    private void arm(int nth, boolean afterCall) {
        calls.set(0);
        seen.clear();
        armed = new Armed(nth, afterCall, new AtomicBoolean());
    }

    @Override
    public void outage(Duration duration) {
        outageUntil = System.nanoTime() + duration.toNanos();
        outage = true;
    }

    @Override
    public void disarm() {
        armed = null;
        outage = false;
    }
}
