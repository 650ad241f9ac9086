package dev.connections.tck;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.fault.FaultInjector;
import java.util.Objects;

/**
 * What {@link ConnectionsFaultContract} runs on: a repository and secret store whose calls can be made to
 * fail through {@link #faults()}, and a healthy pair over the same stored data that the contract reads
 * the outcome through.
 *
 * @param repository the repository the facade under test writes through; faults hit it
 * @param secrets the secret store the facade under test writes through; faults hit it
 * @param healthyRepository the same stored connections, read without faults
 * @param healthySecrets the same stored secrets, read without faults
 * @param faults arms faults on {@code repository} and {@code secrets}
 * @param cleanup run after the test (drop tables, close pools); may do nothing
 */
public record FaultyStorage(
        ConnectionRepository repository,
        SecretStore secrets,
        ConnectionRepository healthyRepository,
        SecretStore healthySecrets,
        FaultInjector faults,
        Runnable cleanup) {

    public FaultyStorage {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(healthyRepository, "healthyRepository");
        Objects.requireNonNull(healthySecrets, "healthySecrets");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(cleanup, "cleanup");
    }

    /** Storage with nothing to clean up afterwards. */
    public static FaultyStorage of(
            ConnectionRepository repository,
            SecretStore secrets,
            ConnectionRepository healthyRepository,
            SecretStore healthySecrets,
            FaultInjector faults) {
        return new FaultyStorage(repository, secrets, healthyRepository, healthySecrets, faults, () -> {});
    }
}
