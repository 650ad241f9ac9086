package dev.connections.tck;

import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link TckCatalog} plus two apps connected by OAuth 2.0, for the OAuth contracts: one with the
 * authorization code grant, refresh tokens and revocation, one with the client credentials grant.
 */
public final class TckOAuthCatalog implements IntegrationCatalog {
    /** "Docs Cloud": authorization code with PKCE, refresh, RFC 7009 revocation; API keys accepted too. */
    public static final IntegrationId DOCS = IntegrationId.of("tck-oauth-docs");

    /** "Metrics M2M": client credentials only; its token goes in an {@code X-Access-Token} header. */
    public static final IntegrationId M2M = IntegrationId.of("tck-oauth-m2m");

    private final List<Integration> all;

    public TckOAuthCatalog() {
        OAuth2Spec docs = new OAuth2Spec(
                URI.create("https://auth.docs.example/authorize"),
                URI.create("https://auth.docs.example/token"),
                URI.create("https://auth.docs.example/revoke"),
                List.of("docs.read", "docs.write"),
                " ",
                ClientAuthentication.CLIENT_SECRET_BASIC,
                KeyPlacement.bearer(),
                Map.of("access_type", "offline"),
                Set.of(GrantType.AUTHORIZATION_CODE));
        OAuth2Spec m2m = new OAuth2Spec(
                null,
                URI.create("https://auth.metrics.example/token"),
                null,
                List.of("metrics.read"),
                " ",
                ClientAuthentication.CLIENT_SECRET_POST,
                KeyPlacement.header("X-Access-Token"),
                Map.of(),
                Set.of(GrantType.CLIENT_CREDENTIALS));
        List<Integration> apps = new ArrayList<>(new TckCatalog().all());
        apps.add(new Integration(
                DOCS,
                "Docs Cloud",
                "Shared documents for the OAuth contract tests.",
                List.of("Productivity"),
                CredentialSpec.of(KeyPlacement.bearer()).withOAuth2(docs),
                URI.create("https://api.docs.example"),
                null));
        apps.add(new Integration(
                M2M,
                "Metrics M2M",
                "Service metrics for the OAuth contract tests.",
                List.of("Analytics"),
                CredentialSpec.of(KeyPlacement.bearer()).withOAuth2(m2m),
                URI.create("https://api.metrics.example"),
                null));
        this.all = List.copyOf(apps);
    }

    @Override
    public Optional<Integration> find(IntegrationId id) {
        return all.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    @Override
    public List<Integration> all() {
        return all;
    }
}
