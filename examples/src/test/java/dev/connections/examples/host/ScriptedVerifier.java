package dev.connections.examples.host;

import dev.connections.connection.ResolvedConnection;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The key check the tests wire instead of {@link dev.connections.verify.HttpCredentialVerifier}: answers what
 * the test scripted, so no test calls a real API, and records which connections it was asked about.
 */
final class ScriptedVerifier implements CredentialVerifier {
    private volatile Verification.Status status = Verification.Status.UNSUPPORTED;
    private volatile String reason = "Scripted: no answer set.";
    private volatile @Nullable Integer httpStatus;
    private volatile Duration age = Duration.ZERO;
    private final List<String> checked = new CopyOnWriteArrayList<>();

    /** The next checks answer {@code status} with {@code reason}, finished {@code age} before now. */
    ScriptedVerifier answer(Verification.Status status, @Nullable Integer httpStatus, String reason, Duration age) {
        this.status = status;
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.age = age;
        return this;
    }

    ScriptedVerifier answer(Verification.Status status, @Nullable Integer httpStatus, String reason) {
        return answer(status, httpStatus, reason, Duration.ZERO);
    }

    /** The names of the connections checked so far, in order. */
    List<String> checked() {
        return List.copyOf(checked);
    }

    @Override
    public Verification verify(ResolvedConnection connection) {
        // Touch the key as a real verifier does, so the stored key is known to have been decrypted.
        connection.withKey(key -> key.length());
        checked.add(connection.connection().name());
        return new Verification(status, reason, httpStatus, Instant.now().minus(age));
    }
}
