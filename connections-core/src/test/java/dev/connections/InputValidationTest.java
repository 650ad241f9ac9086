package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NameRules;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.IntegrationId;
import dev.connections.secret.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            format: right-to-left override | Prod\\u202Eyek      | invisible formatting characters such as zero-width spaces, direction marks or soft hyphens; character 5 is U+202E RIGHT-TO-LEFT OVERRIDE
            format: zero-width space       | Key\\u200Bfor       | invisible formatting characters such as zero-width spaces, direction marks or soft hyphens; character 4 is U+200B ZERO WIDTH SPACE
            format: byte order mark        | \\uFEFFKey          | invisible formatting characters such as zero-width spaces, direction marks or soft hyphens; character 1 is U+FEFF ZERO WIDTH NO-BREAK SPACE
            format: soft hyphen            | Soft\\u00ADhyphen   | invisible formatting characters such as zero-width spaces, direction marks or soft hyphens; character 5 is U+00AD SOFT HYPHEN
            control: bell                  | Ring\\u0007        | line breaks or control characters; character 5 is U+0007 BEL
            line separator                 | Two\\u2028lines     | line breaks or control characters; character 4 is U+2028 LINE SEPARATOR
            blank look-alike: Hangul filler| Key\\u3164x         | blank characters other than spaces; character 4 is U+3164 HANGUL FILLER
            blank look-alike: braille blank| Key\\u2800x         | blank characters other than spaces; character 4 is U+2800 BRAILLE PATTERN BLANK
            combining grapheme joiner      | Key\\u034Fx         | invisible characters; character 4 is U+034F COMBINING GRAPHEME JOINER
            variation selector             | Key\\uFE01x         | invisible characters; character 4 is U+FE01 VARIATION SELECTOR-2
            presentation selector alone    | Key \\uFE0Fx        | invisible characters; character 5 is U+FE0F VARIATION SELECTOR-16
            private use                    | Key\\uE000          | private-use characters, which look different on every device; character 4 is U+E000
            unassigned                     | Key\\u0378          | characters that Unicode has not assigned; character 4 is U+0378
            lone surrogate                 | Key\\uD800x         | a broken character (half of a UTF-16 surrogate pair); character 4 is U+D800
            leading combining mark         | \\u0301Key          | a combining mark at the start; character 1 is U+0301 COMBINING ACUTE ACCENT
            """)
    void eachRefusedKindOfCharacterIsAFieldErrorThatNamesIt(String kind, String escaped, String expected) {
        String name = unescape(escaped);
        FieldErrors errors = new FieldErrors();
        validation.checkName(NameRules.normalize(name), "name", errors);
        String message = errorsOf(errors, "name");
        assertThat(message).isEqualTo("A name cannot contain " + expected + ".");

        FieldErrors custom = new FieldErrors();
        validation.checkCustom(
                CustomConnectionSpec.builder()
                        .appName(name)
                        .baseUrl("https://api.acme.test")
                        .connectionName(name)
                        .apiKey(Secret.of("acme-key-123"))
                        .build(),
                custom);
        assertThat(errorsOf(custom, "appName")).isEqualTo("An app name cannot contain " + expected + ".");
        assertThat(errorsOf(custom, "connectionName")).isEqualTo(message);
    }

    @Test
    void aCustomAppCannotTakeTheFoldedNameOrAnAliasOfACatalogApp() {
        Integration openAi = new Integration(
                IntegrationId.of("openai"),
                "OpenAI",
                "Models",
                List.of("AI"),
                CredentialSpec.of(KeyPlacement.bearer()),
                null,
                null,
                List.of("ChatGPT"));
        InputValidation withCatalog = new InputValidation(BaseUrlPolicy.defaults(), IntegrationCatalogs.of(openAi));
        for (String name :
                List.of("OpenAI", "openai", "\uFF2F\uFF50\uFF45\uFF4E\uFF21\uFF29", "  OPENAI\u00A0", "chatgpt")) {
            FieldErrors errors = new FieldErrors();
            withCatalog.checkCustom(
                    CustomConnectionSpec.builder()
                            .appName(unescape(name))
                            .baseUrl("https://api.acme.test")
                            .connectionName("Main")
                            .apiKey(Secret.of("acme-key-123"))
                            .build(),
                    errors);
            assertThat(errorsOf(errors, "appName"))
                    .as(name)
                    .isEqualTo("OpenAI is already in the catalog — add a connection to it instead.");
        }
        FieldErrors own = new FieldErrors();
        withCatalog.checkCustom(
                CustomConnectionSpec.builder()
                        .appName("OpenAI proxy")
                        .baseUrl("https://api.acme.test")
                        .connectionName("Main")
                        .apiKey(Secret.of("acme-key-123"))
                        .build(),
                own);
        assertThat(own.isEmpty()).isTrue();
    }

    private static String errorsOf(FieldErrors errors, String field) {
        try {
            errors.throwIfAny();
        } catch (ConnectionValidationException e) {
            return String.join(" | ", e.errorsFor(field));
        }
        return "";
    }

    private static String unescape(String escaped) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\\\u([0-9A-F]{4})").matcher(escaped);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "");
            out.append((char) Integer.parseInt(m.group(1), 16));
        }
        m.appendTail(out);
        return out.toString();
    }
}
