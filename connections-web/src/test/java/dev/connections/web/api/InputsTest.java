package dev.connections.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the API reads ids, If-Match and the facade's field names; framework-free. */
class InputsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 42, 1_000_000, Long.MAX_VALUE})
    void ifMatchNamesTheVersionTheETagCarried(long version) {
        assertThat(Inputs.expectedVersion("\"" + version + "\"")).isEqualTo(version);
        assertThat(Inputs.expectedVersion("  \"" + version + "\" ")).isEqualTo(version);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aMissingIfMatchIsPreconditionRequired(String header) {
        assertThatThrownBy(() -> Inputs.expectedVersion(header))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(428));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"*", "3", "W/\"3\"", "\"3\", \"4\"", "\"0\"", "\"-1\"", "\"x\"", "\"99999999999999999999\""})
    void anIfMatchThatIsNotOneOfOurETagsIsBadInputOnIfMatch(String header) {
        assertThatThrownBy(() -> Inputs.expectedVersion(header))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("If-Match"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "1234", "7b0c6f7e-8a1d-4c2e-9f3a"})
    void aMalformedConnectionIdIsBadInputOnId(String id) {
        assertThatThrownBy(() -> Inputs.connectionId(id))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("id"));
    }

    @Test
    void settingsSentAsNullAreLeftOut() {
        Map<String, String> sent = new java.util.HashMap<>();
        sent.put("region", "eu");
        sent.put("project", null);
        assertThat(Inputs.settings(sent)).containsExactly(Map.entry("region", "eu"));
        assertThat(Inputs.settings(null)).isEmpty();
    }

    @Test
    void renamingKeepsEveryMessageAndATakenNameStaysAConflict() {
        var facade = new ConnectionValidationException(Map.of(
                "connectionName", List.of("Enter a name for the connection."),
                "keyName", List.of("Enter the header name.", "No spaces.")));
        CustomAuth header = CustomAuth.of(new CustomConnectionRequest.Auth("HEADER", "", null, null, null));
        ConnectionValidationException renamed = Inputs.renamed(facade, header::requestField);
        assertThat(renamed.fieldErrors())
                .containsEntry("name", List.of("Enter a name for the connection."))
                .containsEntry("auth.headerName", List.of("Enter the header name.", "No spaces."));

        CustomAuth query = CustomAuth.of(new CustomConnectionRequest.Auth("query", null, null, "", null));
        assertThat(query.requestField("keyName")).isEqualTo("auth.queryParameter");

        var taken = new ConnectionValidationException(
                Map.of("connectionName", List.of(DuplicateConnectionNameException.MESSAGE)));
        assertThat(Inputs.renamed(taken, header::requestField)).isInstanceOf(DuplicateConnectionNameException.class);
    }

    @Test
    void anUnknownAuthTypeIsBadInputOnAuthType() {
        assertThatThrownBy(() -> CustomAuth.of(new CustomConnectionRequest.Auth("COOKIE", null, null, null, null)))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("auth.type"));
    }

    @Test
    void requestsNeverShowTheirKey() {
        String key = "sk-do-not-show-0123456789";
        assertThat(new AddConnectionRequest("n", key, null).toString()).doesNotContain(key);
        assertThat(new EditConnectionRequest(null, key).toString()).doesNotContain(key);
        assertThat(new CustomConnectionRequest("a", "https://x", null, null, null, "n", key).toString())
                .doesNotContain(key);
        assertThat(new ImportRequest.Item("openai", "n", key, null).toString()).doesNotContain(key);
    }
}
