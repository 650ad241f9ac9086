package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"openai", "a", "hub-spot", "x9", "custom-acme-1a2b3c4d"})
    void acceptsSlugs(String slug) {
        assertThat(IntegrationId.of(slug).value()).isEqualTo(slug);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", "Upper", "has space", "under_score", "é"})
    void rejectsNonSlugs(String value) {
        assertThatThrownBy(() -> IntegrationId.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void slugLengthLimitIs63() {
        assertThat(IntegrationId.of("a".repeat(63)).value()).hasSize(63);
        assertThatThrownBy(() -> IntegrationId.of("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void customPrefixMarksCustomApps() {
        assertThat(IntegrationId.of("custom-acme").isCustom()).isTrue();
        assertThat(IntegrationId.of("openai").isCustom()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "team_1", "org:42", "a@b.c", "W-1"})
    void workspaceIdsAcceptPlainIdentifiers(String value) {
        assertThat(WorkspaceId.of(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " acme", "a b", "a\nb", "<script>", "-x"})
    void workspaceIdsRejectUnsafeText(String value) {
        assertThatThrownBy(() -> WorkspaceId.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void connectionIdsParseTheirOwnText() {
        ConnectionId id = ConnectionId.random();
        assertThat(ConnectionId.parse(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> ConnectionId.parse("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void customAppIdsFollowTheNameCaseInsensitively() {
        assertThat(AppDirectory.customAppId("Acme CRM")).isEqualTo(AppDirectory.customAppId("  acme crm "));
        assertThat(AppDirectory.customAppId("Acme CRM")).isNotEqualTo(AppDirectory.customAppId("Acme-CRM"));
        assertThat(AppDirectory.customAppId("Acme CRM").value()).startsWith("custom-acme-crm-");
        assertThat(AppDirectory.customAppId("Ünïcödé ☃").isCustom()).isTrue();
        assertThat(AppDirectory.customAppId("x".repeat(100)).value().length()).isLessThanOrEqualTo(63);
    }
}
