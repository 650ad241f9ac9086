package dev.connections.catalog.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any OAuth 2.0 declaration written in the catalog format reads back as the same spec. */
class OAuth2CatalogJsonPropertiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 300)
    void everySpecSurvivesTheCatalogFormat(@ForAll("specs") OAuth2Spec spec) throws Exception {
        ObjectNode entry =
                MAPPER.createObjectNode().put("id", "acme").put("name", "Acme").put("description", "Acme API.");
        entry.putArray("categories").add("Test");
        entry.putObject("auth").put("type", "header").put("name", "x-api-key");
        entry.putArray("settings").addObject().put("name", "user").put("label", "User");
        entry.set("oauth2", write(spec));
        ObjectNode root = MAPPER.createObjectNode();
        root.putArray("integrations").add(entry);

        OAuth2Spec read = IntegrationCatalogs.fromJson(
                        new ByteArrayInputStream(MAPPER.writeValueAsBytes(root)), "generated")
                .all()
                .get(0)
                .credentials()
                .oauth()
                .orElseThrow();

        assertThat(read).isEqualTo(spec);
        assertThat(List.copyOf(read.authorizationParameters().keySet()))
                .containsExactlyElementsOf(spec.authorizationParameters().keySet());
        assertThat(read.scopes()).containsExactlyElementsOf(spec.scopes());
    }

    @Provide
    Arbitrary<OAuth2Spec> specs() {
        Arbitrary<String> separators = Arbitraries.of(" ", ",");
        Arbitrary<Set<GrantType>> grants = Arbitraries.of(GrantType.class).set().ofMinSize(1);
        return Combinators.combine(
                        separators,
                        grants,
                        Arbitraries.of(ClientAuthentication.class),
                        placements(),
                        scopeTokens().list().uniqueElements().ofMaxSize(5),
                        parameters(),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(OAuth2CatalogJsonPropertiesTest::spec);
    }

    private static Arbitrary<String> scopeTokens() {
        // RFC 6749 scope-token characters, separators included: the draft drops those that clash.
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .excludeChars('"', '\\')
                .ofMinLength(1)
                .ofMaxLength(12);
    }

    private static Arbitrary<Map<String, String>> parameters() {
        Arbitrary<String> names = Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(n -> !OAuth2Spec.RESERVED_PARAMETERS.contains(n.toLowerCase(Locale.ROOT)));
        return Arbitraries.maps(names, Arbitraries.strings().ofMaxLength(20)).ofMaxSize(4);
    }

    private static Arbitrary<KeyPlacement> placements() {
        Arbitrary<String> tokens = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
                .ofMinLength(1)
                .ofMaxLength(20);
        return Arbitraries.oneOf(
                Arbitraries.just(KeyPlacement.bearer()),
                Arbitraries.just(new KeyPlacement.BasicAuth(null)),
                Arbitraries.just(new KeyPlacement.BasicAuth("user")),
                tokens.map(KeyPlacement.QueryParameter::new),
                tokens.map(KeyPlacement.PathSegment::new),
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .ofMaxLength(10)
                        .flatMap(prefix -> tokens.map(name -> new KeyPlacement.Header(name, prefix))));
    }

    private static ObjectNode write(OAuth2Spec spec) {
        ObjectNode node = MAPPER.createObjectNode();
        if (spec.authorizationUrl() != null) {
            node.put("authorizationUrl", spec.authorizationUrl().toString());
        }
        node.put("tokenUrl", spec.tokenUrl().toString());
        spec.revocation().ifPresent(uri -> node.put("revocationUrl", uri.toString()));
        ArrayNode scopes = node.putArray("scopes");
        spec.scopes().forEach(scopes::add);
        node.put("scopeSeparator", spec.scopeSeparator());
        node.put("clientAuthentication", spec.clientAuthentication().name().toLowerCase(Locale.ROOT));
        ObjectNode placement = node.putObject("tokenPlacement");
        KeyPlacement tokenPlacement = spec.tokenPlacement();
        if (tokenPlacement instanceof KeyPlacement.Header h) {
            placement.put("type", "header").put("name", h.name()).put("prefix", h.prefix());
        } else if (tokenPlacement instanceof KeyPlacement.QueryParameter q) {
            placement.put("type", "query").put("name", q.name());
        } else if (tokenPlacement instanceof KeyPlacement.BasicAuth b) {
            placement.put("type", "basic");
            if (b.usernameSetting() != null) {
                placement.put("usernameSetting", b.usernameSetting());
            }
        } else if (tokenPlacement instanceof KeyPlacement.PathSegment p) {
            placement.put("type", "path").put("prefix", p.prefix());
        }
        ObjectNode parameters = node.putObject("authorizationParameters");
        spec.authorizationParameters().forEach(parameters::put);
        ArrayNode grants = node.putArray("grants");
        spec.grants().forEach(g -> grants.add(g.name().toLowerCase(Locale.ROOT)));
        return node;
    }

    private static OAuth2Spec spec(
            String separator,
            Set<GrantType> grants,
            ClientAuthentication clientAuthentication,
            KeyPlacement placement,
            List<String> scopes,
            Map<String, String> parameters,
            boolean revocation,
            boolean authorizationUrlWithoutCode) {
        boolean code = grants.contains(GrantType.AUTHORIZATION_CODE);
        return new OAuth2Spec(
                code || authorizationUrlWithoutCode ? URI.create("https://acme.test/oauth/authorize") : null,
                URI.create("https://acme.test/oauth/token"),
                revocation ? URI.create("https://acme.test/oauth/revoke") : null,
                // A generated scope holding the separator would be two scopes; the spec refuses it.
                scopes.stream().filter(s -> !s.contains(separator)).toList(),
                separator,
                clientAuthentication,
                placement,
                parameters,
                grants);
    }
}
