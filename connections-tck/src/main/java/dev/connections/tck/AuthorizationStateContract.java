package dev.connections.tck;

import static dev.connections.tck.TckData.micros;
import static dev.connections.tck.TckData.newWorkspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import dev.connections.spi.AuthorizationState;
import dev.connections.spi.ConnectionRepository;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link ConnectionRepository}'s OAuth 2.0 authorization states: every field kept, each state
 * taken at most once even by concurrent callbacks, a second state under the same hash refused, expired states
 * still handed to the callback (which says they expired), the purge deleting only expired states, and workspaces
 * independent.
 *
 * <p>Extend it and implement {@link #createRepository()}. The tests use fresh random state hashes and
 * workspaces, so the repository may be shared and hold other data, with one limit: {@code
 * purgeAuthorizationStates} is global, so the purge test expects no state expiring before 2000 other than its
 * own (no other test of the kit makes one).
 */
public abstract class AuthorizationStateContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final IntegrationId APP = IntegrationId.of("tck-oauth-app");

    protected ConnectionRepository repository;
    protected WorkspaceId ws;
    protected WorkspaceId otherWs;

    /** The repository under test; called before every test. */
    protected abstract ConnectionRepository createRepository();

    /** Called after every test, for adapters that hold resources. */
    protected void release(ConnectionRepository repository) {}

    /** Callbacks racing for one state in the concurrency test. */
    protected int racingTakes() {
        return 8;
    }

    @BeforeEach
    void setUpRepository() {
        repository = createRepository();
        ws = newWorkspace();
        otherWs = newWorkspace();
    }

    @AfterEach
    void tearDownRepository() {
        release(repository);
    }

    /** SHA-256 of a fresh random state, base64url without padding, as the library keys states. */
    protected static String newStateHash() {
        byte[] state = new byte[32];
        RANDOM.nextBytes(state);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(state)
                            .getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A state of {@code workspace} started now, expiring in 10 minutes. */
    protected static AuthorizationState state(WorkspaceId workspace, @Nullable String actor, boolean reconnect) {
        Instant now = micros(Instant.now());
        return state(workspace, actor, reconnect, now, now.plus(Duration.ofMinutes(10)));
    }

    private static AuthorizationState state(
            WorkspaceId workspace, @Nullable String actor, boolean reconnect, Instant createdAt, Instant expiresAt) {
        return new AuthorizationState(
                newStateHash(),
                workspace,
                APP,
                actor,
                ConnectionId.random(),
                reconnect,
                "Slack — équipe ✓",
                URI.create("https://app.example.com/settings/connections/oauth/callback?tenant=a%20b&x=1"),
                SecretRef.random(),
                TckData.sealed("tck-key", 43 + 28),
                createdAt,
                expiresAt);
    }

    private static AuthorizationState expiringAt(WorkspaceId workspace, Instant expiresAt) {
        return state(workspace, "user-1", false, expiresAt.minus(Duration.ofMinutes(10)), expiresAt);
    }

    @Test
    @DisplayName("a saved state is taken back with every field equal, with or without an actor, new or reconnecting")
    void roundTripsEveryField() {
        AuthorizationState byPerson = state(ws, "alice@example.com", false);
        AuthorizationState bySystem = state(ws, null, true);

        repository.saveAuthorizationState(byPerson);
        repository.saveAuthorizationState(bySystem);

        assertThat(repository.takeAuthorizationState(byPerson.stateHash())).contains(byPerson);
        assertThat(repository.takeAuthorizationState(bySystem.stateHash())).contains(bySystem);
    }

    @Test
    @DisplayName("a state is taken once: the second take, and a take of an unknown hash, find nothing")
    void takeIsSingleUse() {
        AuthorizationState state = state(ws, "user-1", false);
        repository.saveAuthorizationState(state);

        assertThat(repository.takeAuthorizationState(state.stateHash())).contains(state);
        assertThat(repository.takeAuthorizationState(state.stateHash())).isEmpty();
        assertThat(repository.takeAuthorizationState(newStateHash())).isEmpty();
    }

    @Test
    @DisplayName("callbacks racing for one state: exactly one gets it, every time")
    void concurrentTakesHaveOneWinner() {
        for (int round = 0; round < 10; round++) {
            AuthorizationState state = state(ws, "user-1", false);
            repository.saveAuthorizationState(state);

            List<Optional<AuthorizationState>> taken = Concurrently.race(
                    racingTakes(), Duration.ofSeconds(60), i -> repository.takeAuthorizationState(state.stateHash()));

            assertThat(taken.stream().filter(Optional::isPresent).map(Optional::get))
                    .as("round %d", round)
                    .containsExactly(state);
        }
    }

    @Test
    @DisplayName("a second state under a kept hash is refused, even the very same one, and the kept state is unchanged")
    void duplicateHashIsRefused() {
        AuthorizationState kept = state(ws, "user-1", false);
        repository.saveAuthorizationState(kept);
        AuthorizationState sameHashOtherFlow = new AuthorizationState(
                kept.stateHash(),
                otherWs,
                APP,
                "mallory",
                ConnectionId.random(),
                true,
                "Other",
                URI.create("https://evil.example/callback"),
                SecretRef.random(),
                TckData.sealed("tck-key", 71),
                kept.createdAt(),
                kept.expiresAt().plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> repository.saveAuthorizationState(sameHashOtherFlow))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> repository.saveAuthorizationState(kept)).isInstanceOf(IllegalStateException.class);

        assertThat(repository.takeAuthorizationState(kept.stateHash())).contains(kept);
        assertThat(repository.takeAuthorizationState(kept.stateHash())).isEmpty();
    }

    @Test
    @DisplayName("an expired state is still handed out by take (once), so the callback can say it expired")
    void expiredStatesAreTaken() {
        AuthorizationState expired = expiringAt(ws, micros(Instant.now().minus(Duration.ofMinutes(5))));
        repository.saveAuthorizationState(expired);

        assertThat(repository.takeAuthorizationState(expired.stateHash())).contains(expired);
        assertThat(repository.takeAuthorizationState(expired.stateHash())).isEmpty();
    }

    @Test
    @DisplayName("purge deletes the states that expired before the cutoff, of every workspace, and counts them")
    void purgeRemovesOnlyExpiredStates() {
        Instant cutoff = Instant.parse("1999-06-01T12:00:00.000001Z");
        AuthorizationState longExpired = expiringAt(ws, Instant.parse("1999-05-01T00:00:00Z"));
        AuthorizationState justExpired = expiringAt(otherWs, cutoff.minusNanos(1000));
        AuthorizationState expiringAtCutoff = expiringAt(ws, cutoff);
        AuthorizationState laterIn1999 = expiringAt(otherWs, Instant.parse("1999-07-01T00:00:00Z"));
        AuthorizationState live = state(ws, "user-1", false);
        for (AuthorizationState s : List.of(longExpired, justExpired, expiringAtCutoff, laterIn1999, live)) {
            repository.saveAuthorizationState(s);
        }

        assertThat(repository.purgeAuthorizationStates(cutoff)).isEqualTo(2);
        assertThat(repository.purgeAuthorizationStates(cutoff))
                .as("nothing left to purge")
                .isZero();

        assertThat(repository.takeAuthorizationState(longExpired.stateHash())).isEmpty();
        assertThat(repository.takeAuthorizationState(justExpired.stateHash())).isEmpty();
        assertThat(repository.takeAuthorizationState(expiringAtCutoff.stateHash()))
                .as("expiring at the cutoff is not expired before it")
                .contains(expiringAtCutoff);
        assertThat(repository.takeAuthorizationState(laterIn1999.stateHash())).contains(laterIn1999);
        assertThat(repository.takeAuthorizationState(live.stateHash())).contains(live);
    }

    @Test
    @DisplayName(
            "states of different workspaces are independent: taking one leaves the other, each keeps its workspace")
    void workspacesAreIndependent() {
        AuthorizationState mine = state(ws, "user-1", false);
        AuthorizationState theirs = new AuthorizationState(
                newStateHash(),
                otherWs,
                mine.integration(),
                mine.actor(),
                mine.connection(),
                mine.reconnect(),
                mine.name(),
                mine.redirectUri(),
                mine.verifierRef(),
                mine.sealedVerifier(),
                mine.createdAt(),
                mine.expiresAt());
        repository.saveAuthorizationState(mine);
        repository.saveAuthorizationState(theirs);

        Optional<AuthorizationState> taken = repository.takeAuthorizationState(mine.stateHash());
        assertThat(taken).contains(mine);
        assertThat(taken.orElseThrow().workspace()).isEqualTo(ws);

        List<AuthorizationState> left = new ArrayList<>();
        repository.takeAuthorizationState(theirs.stateHash()).ifPresent(left::add);
        assertThat(left).containsExactly(theirs);
        assertThat(left.get(0).workspace()).isEqualTo(otherWs);
    }
}
