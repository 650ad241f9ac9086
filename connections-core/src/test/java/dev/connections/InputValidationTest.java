package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.connection.CustomConnectionSpec;
import dev.connections.secret.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidationTest {
    private final InputValidation validation = new InputValidation();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nul\u0000x",
                "line\nbreak",
                "tab\there",
                "del\u007fx",
                "nel\u0085x",
                "csi\u009bx",
                "ls\u2028x",
                "ps\u2029x"
            })
    void namesRejectEveryControlCharacterAndLineSeparator(String name) {
        FieldErrors errors = new FieldErrors();
        validation.checkName(name, "name", errors);
        assertThat(errors.has("name"))
                .as("name %s", name.codePoints().boxed().toList())
                .isTrue();

        FieldErrors custom = new FieldErrors();
        validation.checkCustom(
                CustomConnectionSpec.builder()
                        .appName(name)
                        .baseUrl("https://api.acme.test")
                        .connectionName("Main")
                        .apiKey(Secret.of("acme-key-123"))
                        .build(),
                custom);
        assertThat(custom.isEmptyExcept("appName")).isTrue();
        assertThat(custom.has("appName")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Our main key", "Clé «prod» — équipe", "数据 key 🔑", "\"quoted\" & <tagged>"})
    void ordinaryNamesInAnyScriptPass(String name) {
        FieldErrors errors = new FieldErrors();
        validation.checkName(name, "name", errors);
        assertThat(errors.isEmpty()).isTrue();
    }
}
