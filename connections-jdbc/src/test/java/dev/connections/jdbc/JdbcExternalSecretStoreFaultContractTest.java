package dev.connections.jdbc;

import dev.connections.tck.FaultyStorage;
import dev.connections.tck.SimpleSecretStore;
import dev.connections.tck.fault.FaultInjectingDataSource;
import dev.connections.tck.fault.FaultInjector;
import dev.connections.tck.fault.FaultPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDBC repository paired with a secret store that does not share its transaction (as a Vault- or
 * KMS-backed store would not), under the fault contract plus a forced retry at every statement: a
 * serialization failure makes {@code modify} run its unit of work again, which puts or destroys secrets
 * outside the database transaction. Every key must still decrypt and no secret be left orphaned after a
 * sweep.
 */
class JdbcExternalSecretStoreFaultContractTest extends JdbcConnectionsFaultContractTest {

    @Override
    FaultyStorage storage(JdbcConnections healthy, JdbcConnections underTest, FaultInjectingDataSource faulty) {
        SimpleSecretStore external = new SimpleSecretStore();
        return new FaultyStorage(
                underTest.repository(),
                external,
                healthy.repository(),
                external,
                new WithRetries(faulty),
                () -> database().drop(healthy));
    }

    /** The data source's fault points plus a serialization failure at every statement. */
    private record WithRetries(FaultInjectingDataSource faulty) implements FaultInjector {
        @Override
        public void startCounting() {
            faulty.startCounting();
        }

        @Override
        public List<FaultPoint> faultPoints() {
            List<FaultPoint> points = new ArrayList<>(faulty.faultPoints());
            points.addAll(faulty.deadlockPoints());
            return points;
        }

        @Override
        public void outage(Duration duration) {
            faulty.outage(duration);
        }

        @Override
        public void disarm() {
            faulty.disarm();
        }
    }
}
