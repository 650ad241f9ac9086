package dev.connections;

import dev.connections.connection.Connection;
import dev.connections.internal.Durations;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and removes stored keys that no connection references, sparing those of writes still in flight. */
final class OrphanSweep {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);
    private static final int PAGE = 500;

    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final Clock clock;

    OrphanSweep(ConnectionRepository repository, SecretStore secrets, Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.clock = clock;
    }

    long run(Duration olderThan) {
        Durations.nonNegative(olderThan, "olderThan");
        Instant cutoff = clock.instant().minus(olderThan);
        long examined = 0;
        long removed = 0;
        @Nullable SecretRef cursor = null;
        while (true) {
            List<StoredSecret> page = secrets.scan(cursor, PAGE);
            for (StoredSecret entry : page) {
                examined++;
                cursor = entry.binding().ref();
                // A ref made after the cutoff may belong to a write that has not committed its row yet.
                boolean young = cursor.createdAt().filter(cutoff::isBefore).isPresent();
                if (!young && removeIfOrphan(entry.binding())) {
                    removed++;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (removed > 0) {
            LOG.warn("Removed {} stored keys that no connection referenced (of {} examined)", removed, examined);
        } else {
            LOG.debug("No unreferenced stored keys among {}", examined);
        }
        return removed;
    }

    private boolean removeIfOrphan(SecretBinding binding) {
        Optional<Connection> row = repository.find(binding.workspace(), binding.connection());
        if (row.isEmpty()) {
            // The key is bound to this connection id alone, and that connection is gone or was never saved.
            return secrets.destroy(binding.workspace(), binding.ref());
        }
        if (row.get().secretRef().equals(binding.ref())) {
            return false;
        }
        // The row points to another key now; decide under the app's lock so a switch committing now is seen.
        return repository.modify(binding.workspace(), row.get().integration(), state -> {
            boolean referenced =
                    state.connections().stream().anyMatch(c -> c.secretRef().equals(binding.ref()));
            return !referenced && secrets.destroy(binding.workspace(), binding.ref());
        });
    }
}
