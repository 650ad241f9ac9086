package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RotationProgressTest {

    @Test
    @DisplayName("rate counts this run's secrets only; the ETA divides what is left by it")
    void rateAndEta() {
        // Resumed after 4,000; this run examined 1,000 more in 2 s; 5,000 of 10,000 left.
        RotationProgress p =
                new RotationProgress(5_000, 10_000, 900, "k2", Optional.empty(), 1_000, Duration.ofSeconds(2));

        assertThat(p.ratePerSecond()).isEqualTo(500.0);
        assertThat(p.eta()).contains(Duration.ofSeconds(10));
        assertThat(p.percent()).isEqualTo(50);
    }

    @Test
    @DisplayName("no rate and no ETA before any time has passed")
    void noRateYet() {
        RotationProgress p = new RotationProgress(0, 10, 0, "k2", Optional.empty(), 0, Duration.ZERO);

        assertThat(p.ratePerSecond()).isZero();
        assertThat(p.eta()).isEmpty();
    }
}
