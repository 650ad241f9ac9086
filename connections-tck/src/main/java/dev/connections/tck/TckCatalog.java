package dev.connections.tck;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.SettingSpec;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A small fixed catalog the facade contracts run against, so they do not depend on the bundled
 * catalog's contents: four apps covering each way a key is sent, a key-format check and settings.
 *
 * <p>Display names mix upper and lower case on purpose ("alpha Mail" sorts before "Beta AI" only when
 * sorting ignores case).
 */
public final class TckCatalog implements IntegrationCatalog {
    /** "alpha Mail": {@code Authorization: Bearer <key>}, no format check. */
    public static final IntegrationId ALPHA = IntegrationId.of("tck-alpha-mail");

    /** "Beta AI": {@code x-api-key: <key>}, keys must look like {@code bk-…}. */
    public static final IntegrationId BETA = IntegrationId.of("tck-beta-ai");

    /** "Gamma CRM": bearer, with an optional {@code region} setting sent as header {@code X-Region}. */
    public static final IntegrationId GAMMA = IntegrationId.of("tck-gamma-crm");

    /** "Delta Pay": HTTP basic with the {@code account} setting as username; the setting is required. */
    public static final IntegrationId DELTA = IntegrationId.of("tck-delta-pay");

    /** A key that passes Beta AI's format check. */
    public static final String BETA_KEY_PATTERN = "bk-[A-Za-z0-9_-]{8,}";

    private final List<Integration> all;

    public TckCatalog() {
        all = List.of(
                        new Integration(
                                ALPHA,
                                "alpha Mail",
                                "Sends e-mail for the contract tests.",
                                List.of("Email"),
                                new CredentialSpec(
                                        KeyPlacement.bearer(),
                                        null,
                                        null,
                                        URI.create("https://alpha.example/docs/keys"),
                                        List.of()),
                                URI.create("https://api.alpha.example"),
                                URI.create("https://alpha.example")),
                        new Integration(
                                BETA,
                                "Beta AI",
                                "Answers questions for the contract tests.",
                                List.of("AI"),
                                new CredentialSpec(
                                        KeyPlacement.header("x-api-key"),
                                        BETA_KEY_PATTERN,
                                        "starts with bk-",
                                        null,
                                        List.of()),
                                URI.create("https://api.beta.example/v1"),
                                null),
                        new Integration(
                                GAMMA,
                                "Gamma CRM",
                                "Keeps customers for the contract tests.",
                                List.of("CRM", "Sales"),
                                new CredentialSpec(
                                        KeyPlacement.bearer(),
                                        null,
                                        null,
                                        null,
                                        List.of(new SettingSpec("region", "Region", "eu", false, "X-Region"))),
                                URI.create("https://api.gamma.example"),
                                null),
                        new Integration(
                                DELTA,
                                "Delta Pay",
                                "Takes payments for the contract tests.",
                                List.of("Payments"),
                                new CredentialSpec(
                                        new KeyPlacement.BasicAuth("account"),
                                        null,
                                        null,
                                        null,
                                        List.of(new SettingSpec("account", "Account ID", null, true, null))),
                                URI.create("https://api.delta.example"),
                                null))
                .stream()
                .sorted(Comparator.comparing((Integration i) -> i.displayName().toLowerCase(Locale.ROOT)))
                .toList();
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
