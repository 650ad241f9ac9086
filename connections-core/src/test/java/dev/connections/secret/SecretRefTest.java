package dev.connections.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretRefTest {

    @Test
    @DisplayName("a random ref is a version-7 UUID that records its creation time to the millisecond")
    void recordsCreationTime() {
        Instant at = Instant.parse("2026-11-29T06:30:15.123456Z");
        SecretRef ref = SecretRef.random(at);
        assertThat(UUID.fromString(ref.value()).version()).isEqualTo(7);
        assertThat(UUID.fromString(ref.value()).variant()).isEqualTo(2);
        assertThat(ref.createdAt()).contains(Instant.parse("2026-11-29T06:30:15.123Z"));
    }

    @Test
    @DisplayName("refs made later sort after refs made earlier")
    void sortsByTime() {
        SecretRef earlier = SecretRef.random(Instant.parse("2026-01-01T00:00:00Z"));
        SecretRef later = SecretRef.random(Instant.parse("2026-01-01T00:00:00.001Z"));
        assertThat(earlier).isLessThan(later);
        assertThat(SecretRef.random(Instant.now())).isNotEqualTo(SecretRef.random(Instant.now()));
    }

    @Test
    @DisplayName("refs of another shape have no creation time")
    void otherShapesHaveNoTime() {
        assertThat(SecretRef.of(UUID.randomUUID().toString()).createdAt()).isEmpty();
        assertThat(SecretRef.of("vault:kv.abc").createdAt()).isEmpty();
        assertThat(SecretRef.of("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz").createdAt())
                .isEmpty();
    }

    @Test
    @DisplayName("a time before 1970 cannot be recorded")
    void refusesTimesBeforeTheEpoch() {
        assertThatThrownBy(() -> SecretRef.random(Instant.parse("1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
