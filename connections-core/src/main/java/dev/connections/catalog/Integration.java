package dev.connections.catalog;

import dev.connections.id.IntegrationId;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An app a workspace can connect to: a pre-built catalog integration or a workspace's custom app.
 *
 * @param id stable slug
 * @param displayName what the page shows ("HubSpot")
 * @param description one or two sentences
 * @param categories e.g. "AI", "Payments"
 * @param credentials how the key is sent and checked
 * @param baseUrl the API's base URL, when known
 * @param website the app's home page, when known
 * @param aliases other names people search for ("ChatGPT" for OpenAI, "Sendinblue" for Brevo); they
 *     match at a lower rank than the display name
 */
public record Integration(
        IntegrationId id,
        String displayName,
        String description,
        List<String> categories,
        CredentialSpec credentials,
        @Nullable URI baseUrl,
        @Nullable URI website,
        List<String> aliases) {

    public Integration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(credentials, "credentials");
        categories = List.copyOf(categories);
        aliases = List.copyOf(aliases);
        if (aliases.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("An integration's aliases cannot be blank");
        }
        if (displayName.isBlank() || displayName.length() > 100) {
            throw new IllegalArgumentException("An integration's display name has 1-100 characters");
        }
    }

    /** An integration without aliases. */
    public Integration(
            IntegrationId id,
            String displayName,
            String description,
            List<String> categories,
            CredentialSpec credentials,
            @Nullable URI baseUrl,
            @Nullable URI website) {
        this(id, displayName, description, categories, credentials, baseUrl, website, List.of());
    }

    /** Whether this is a workspace's own custom app rather than a catalog integration. */
    public boolean isCustom() {
        return id.isCustom();
    }

    /** The API's base URL, for callers that build requests; absent when the catalog does not say. */
    public Optional<URI> baseUrlIfKnown() {
        return Optional.ofNullable(baseUrl);
    }
}
