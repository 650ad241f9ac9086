package dev.connections.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.SettingSpec;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One app as the "Add connection" form needs it: what to call it, where the user finds a key, what a key
 * looks like and which settings to ask for.
 *
 * @param id the app's id
 * @param name its display name
 * @param description one or two sentences
 * @param categories e.g. "AI", "Payments"
 * @param docsUrl where the user finds their key, when known
 * @param website the app's home page, when known
 * @param custom whether it is a custom app of the workspace
 * @param keyFormat what a key looks like ("starts with sk-"), when the app says
 * @param settings the non-secret settings a connection carries
 * @param oauth how it can be connected by OAuth 2.0 here; null when it takes API keys only
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IntegrationView(
        String id,
        String name,
        String description,
        List<String> categories,
        @Nullable String docsUrl,
        @Nullable String website,
        boolean custom,
        @Nullable String keyFormat,
        List<SettingView> settings,
        @Nullable OAuthView oauth) {

    /**
     * An app's OAuth 2.0 as the page needs it.
     *
     * @param grants the grants it can be connected with here, in {@link GrantType} order
     * @param scopes the scopes asked for
     * @param revokes whether deleting a connection revokes its access at the provider (RFC 7009)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OAuthView(List<String> grants, List<String> scopes, boolean revokes) {}

    /**
     * One setting of the form.
     *
     * @param name its key in the connection's settings
     * @param label what the form shows
     * @param required whether a connection must have a value
     * @param description more words about it, when the catalog has them (none does yet)
     * @param defaultValue used when the connection does not set it
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SettingView(
            String name, String label, boolean required, @Nullable String description, @Nullable String defaultValue) {

        static SettingView of(SettingSpec spec) {
            return new SettingView(spec.name(), spec.label(), spec.required(), null, spec.defaultValue());
        }
    }

    static IntegrationView of(Integration integration, List<String> oauthGrants) {
        var credentials = integration.credentials();
        return new IntegrationView(
                integration.id().value(),
                integration.displayName(),
                integration.description(),
                integration.categories(),
                text(credentials.docsUrl()),
                text(integration.website()),
                integration.isCustom(),
                credentials.keyFormatHint(),
                credentials.settings().stream().map(SettingView::of).toList(),
                oauthGrants.isEmpty()
                        ? null
                        : credentials
                                .oauth()
                                .map(spec -> new OAuthView(
                                        oauthGrants,
                                        spec.scopes(),
                                        spec.revocation().isPresent()))
                                .orElse(null));
    }

    private static @Nullable String text(@Nullable URI uri) {
        return uri == null ? null : uri.toString();
    }
}
