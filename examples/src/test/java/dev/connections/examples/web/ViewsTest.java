package dev.connections.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.examples.web.Views.FormState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a rejected form kept for the next page (post/redirect/get) may hold and say. */
class ViewsTest {

    @Test
    void aKeptFormCanNeverHoldTheKey() {
        assertThatThrownBy(() -> new FormState("add-dialog", Map.of("name", "Main", "apiKey", "sk-x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("sk-x");
    }

    @Test
    void theKeyFieldAsksForTheKeyAgainUnlessItsOwnMessageSaysSo() {
        FormState rejected = new FormState("add-dialog", Map.of("name", "Main"), Map.of("name", List.of("Taken.")));
        assertThat(rejected.keyMustBeEnteredAgain("add-dialog")).isTrue();
        assertThat(rejected.keyMustBeEnteredAgain("custom")).isFalse();

        FormState keyRejected =
                new FormState("add-dialog", Map.of(), Map.of(FormState.KEY_FIELD, List.of("Enter the key.")));
        assertThat(keyRejected.keyMustBeEnteredAgain("add-dialog")).isFalse();
    }
}
