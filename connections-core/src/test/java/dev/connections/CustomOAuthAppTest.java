package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.IntegrationId;
import dev.connections.secret.Secret;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A custom app described as an OAuth 2.0 app: its definition, how it is compared, and its URLs as user input. */
class CustomOAuthAppTest {
    private static final IntegrationId ID = AppDirectory.customAppId("Acme CRM");
    private final InputValidation validation = new InputValidation();

    private static CustomConnectionSpec.Builder oauthSpec() {
        return CustomConnectionSpec.builder()
                .appName("Acme CRM")
                .baseUrl("https://api.acme.test")
                .connectionName("Sales")
                .oauth2("https://auth.acme.test/authorize", "https://auth.acme.test/token", "crm.read", "crm.write")
                .revocationUrl("https://auth.acme.test/revoke");
    }

    private FieldErrors check(CustomConnectionSpec spec) {
        FieldErrors errors = new FieldErrors();
        validation.checkCustom(spec, errors);
        return errors;
    }

    @Test
    void anOAuthAppNeedsNoKeyAndIsDefinedWithItsEndpointsAndTheTokenSentLikeTheKey() {
        CustomConnectionSpec spec = oauthSpec().header("X-Api-Token", "").build();
        assertThat(spec.apiKey()).isNull();
        assertThat(check(spec).isEmpty()).isTrue();

        Integration app = AppDirectory.definition(spec, ID);
        OAuth2Spec oauth = app.credentials().oauth().orElseThrow();
        assertThat(oauth.authorizationUrl()).isEqualTo(URI.create("https://auth.acme.test/authorize"));
        assertThat(oauth.tokenUrl()).isEqualTo(URI.create("https://auth.acme.test/token"));
        assertThat(oauth.revocation()).contains(URI.create("https://auth.acme.test/revoke"));
        assertThat(oauth.scopes()).containsExactly("crm.read", "crm.write");
        assertThat(oauth.grants()).containsExactly(GrantType.AUTHORIZATION_CODE);
        assertThat(oauth.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(oauth.tokenPlacement()).isEqualTo(KeyPlacement.header("X-Api-Token"));
        assertThat(spec.toString()).contains("apiKey=none").contains("auth.acme.test/token");
    }

    @Test
    void aKeyAppStaysAsItWasAndStillNeedsItsKey() {
        CustomConnectionSpec spec = CustomConnectionSpec.builder()
                .appName("Acme CRM")
                .baseUrl("https://api.acme.test")
                .connectionName("Sales")
                .apiKey(Secret.of("acme-key-123"))
                .build();
        assertThat(spec.oauth()).isEmpty();
        assertThat(AppDirectory.definition(spec, ID).credentials().oauth()).isEmpty();
        assertThat(check(spec).isEmpty()).isTrue();
        org.assertj.core.api.Assertions.assertThatNullPointerException()
                .isThrownBy(() -> CustomConnectionSpec.builder()
                        .appName("Acme CRM")
                        .baseUrl("https://api.acme.test")
                        .connectionName("Sales")
                        .build())
                .withMessage("apiKey");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://auth.acme.test/token",
                "https://127.0.0.1/token",
                "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.5/token",
                "https://192.168.1.1/token",
                "https://[::1]/token",
                "https://[::ffff:127.0.0.1]/token",
                "https://0x7f.1/token",
                "https://2130706433/token",
                "https://0127.0.0.1/token",
                "https://127.1/token",
                "https://localhost/token",
                "https://metadata.google.internal/token",
                "https://auth.acme.local/token",
                "https://intranet/token",
                "https://user:secret@auth.acme.test/token",
                "https://auth.acme.test/token#frag",
                "file:///etc/passwd",
                "not a url"
            })
    void hostileEndpointUrlsAreRefusedUnderTheirOwnField(String hostile) {
        FieldErrors token = check(oauthSpec()
                .oauth2(CustomConnectionSpec.OAuth2.of("https://auth.acme.test/authorize", hostile, "crm.read"))
                .build());
        assertThat(token.has("oauth2.tokenUrl")).as(hostile).isTrue();
        assertThat(token.isEmptyExcept("oauth2.tokenUrl")).as(hostile).isTrue();

        FieldErrors authorization = check(oauthSpec()
                .oauth2(CustomConnectionSpec.OAuth2.of(hostile, "https://auth.acme.test/token", "crm.read"))
                .build());
        assertThat(authorization.isEmptyExcept("oauth2.authorizationUrl"))
                .as(hostile)
                .isTrue();
        assertThat(authorization.has("oauth2.authorizationUrl")).as(hostile).isTrue();

        FieldErrors revocation = check(oauthSpec().revocationUrl(hostile).build());
        assertThat(revocation.isEmptyExcept("oauth2.revocationUrl")).as(hostile).isTrue();
        assertThat(revocation.has("oauth2.revocationUrl")).as(hostile).isTrue();
    }

    @Test
    void theMessagesNameTheEndpointNotTheBaseUrl() {
        FieldErrors errors = check(oauthSpec()
                .oauth2(CustomConnectionSpec.OAuth2.of(
                        "https://auth.acme.test/authorize", "https://169.254.169.254/token", "crm.read"))
                .build());
        assertThatThrownBy(errors::throwIfAny)
                .isInstanceOfSatisfying(
                        ConnectionValidationException.class, e -> assertThat(e.errorsFor("oauth2.tokenUrl"))
                                .singleElement()
                                .asString()
                                .startsWith("The token URL must point to a public address")
                                .doesNotContain("base URL"));
    }

    @Test
    void anAllowListedInternalTokenUrlPassesAsTheBaseUrlWould() {
        InputValidation onPremises = new InputValidation(
                BaseUrlPolicy.allowing("10.0.0.0/8"), dev.connections.catalog.bundled.IntegrationCatalogs.of());
        FieldErrors errors = new FieldErrors();
        onPremises.checkCustom(
                oauthSpec()
                        .oauth2(CustomConnectionSpec.OAuth2.of(
                                "https://10.1.2.3/authorize", "https://10.1.2.3/token", "crm.read"))
                        .build(),
                errors);
        assertThat(errors.isEmpty()).isTrue();
    }

    @Test
    void requiredEndpointsScopesAndTokenPlacementAreCheckedFieldByField() {
        FieldErrors missing = check(oauthSpec()
                .oauth2(CustomConnectionSpec.OAuth2.of("", " ", "crm.read"))
                .build());
        assertThat(missing.has("oauth2.authorizationUrl")).isTrue();
        assertThat(missing.has("oauth2.tokenUrl")).isTrue();
        assertThat(missing.has("oauth2.revocationUrl")).isFalse();

        FieldErrors scopes = check(oauthSpec()
                .oauth2(CustomConnectionSpec.OAuth2.of(
                        "https://auth.acme.test/authorize", "https://auth.acme.test/token", "crm read", "a\"b"))
                .build());
        assertThat(scopes.has("oauth2.scopes")).isTrue();
        assertThat(scopes.isEmptyExcept("oauth2.scopes")).isTrue();

        FieldErrors basic = check(oauthSpec().basicAuth("").build());
        assertThat(basic.has("authType")).isTrue();
        assertThat(basic.isEmptyExcept("authType")).isTrue();
    }

    @Test
    void sameDefinitionComparesTheOAuthPart() {
        Integration stored = AppDirectory.definition(oauthSpec().build(), ID);
        assertThat(AppDirectory.sameDefinition(
                        stored, AppDirectory.definition(oauthSpec().build(), ID)))
                .isTrue();

        List<UnaryOperator<CustomConnectionSpec.Builder>> others = List.of(
                b -> b.oauth2(
                        "https://auth.acme.test/authorize", "https://evil.example/token", "crm.read", "crm.write"),
                b -> b.oauth2(
                                "https://auth.acme.test/authorize",
                                "https://auth.acme.test/token",
                                "crm.read",
                                "crm.write")
                        .revocationUrl("https://auth.acme.test/revoke2"),
                b -> b.oauth2("https://auth.acme.test/authorize", "https://auth.acme.test/token", "crm.read")
                        .revocationUrl("https://auth.acme.test/revoke"),
                b -> b.oauth2("https://auth.acme.test/login", "https://auth.acme.test/token", "crm.read", "crm.write")
                        .revocationUrl("https://auth.acme.test/revoke"),
                b -> b.clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST),
                b -> b.oauth2(null).apiKey(Secret.of("acme-key-123")));
        for (UnaryOperator<CustomConnectionSpec.Builder> change : others) {
            Integration wanted =
                    AppDirectory.definition(change.apply(oauthSpec()).build(), ID);
            assertThat(AppDirectory.sameDefinition(stored, wanted))
                    .as("%s", wanted.credentials().oauth2())
                    .isFalse();
            assertThat(AppDirectory.sameDefinition(wanted, stored)).isFalse();
        }
    }

    @Test
    void aStoredAppWhoseTokenUrlTheCurrentPolicyRefusesIsRefusedAtTriggerTime() {
        Integration app = AppDirectory.definition(
                oauthSpec()
                        .oauth2(CustomConnectionSpec.OAuth2.of(
                                "https://auth.acme.test/authorize", "https://10.0.0.7/token", "crm.read"))
                        .build(),
                ID);
        assertThat(BaseUrlPolicy.allowing("10.0.0.0/8").check(app).allowed()).isTrue();
        assertThat(BaseUrlPolicy.defaults().check(app).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("10.0.0.7"));
        assertThat(BaseUrlPolicy.defaults()
                        .check(AppDirectory.definition(oauthSpec().build(), ID))
                        .allowed())
                .isTrue();
    }
}
