package dev.connections.catalog;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * How an app authenticates: where the key goes, what a valid key looks like, and which non-secret
 * settings travel with it.
 *
 * @param placement where the key is sent
 * @param keyPattern optional full-match regular expression a key must satisfy (a format check, not
 *     a secret: it catches pasting the wrong thing)
 * @param keyFormatHint what the form says when the pattern does not match, e.g. "starts with sk-"
 * @param docsUrl where the user finds their key
 * @param settings non-secret settings of a connection to this app
 * @param probe a cheap authenticated request that tells whether a key works, when the app has one
 * @param oauth2 how the app grants access by OAuth 2.0, when it offers that beside API keys
 */
public record CredentialSpec(
        KeyPlacement placement,
        @Nullable String keyPattern,
        @Nullable String keyFormatHint,
        @Nullable URI docsUrl,
        List<SettingSpec> settings,
        @Nullable Probe probe,
        @Nullable OAuth2Spec oauth2) {

    public CredentialSpec {
        Objects.requireNonNull(placement, "placement");
        settings = List.copyOf(settings);
        if (keyPattern != null) {
            try {
                Pattern.compile(keyPattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("keyPattern is not a valid regular expression", e);
            }
        }
        if (settings.stream().map(SettingSpec::name).distinct().count() != settings.size()) {
            throw new IllegalArgumentException("setting names must be unique");
        }
        if (probe != null) {
            for (String name : probe.placeholders()) {
                if (settings.stream().noneMatch(s -> s.name().equals(name))) {
                    throw new IllegalArgumentException("The probe's path names {" + name + "}, which is not a setting");
                }
            }
        }
    }

    /** A spec for API keys only. */
    public CredentialSpec(
            KeyPlacement placement,
            @Nullable String keyPattern,
            @Nullable String keyFormatHint,
            @Nullable URI docsUrl,
            List<SettingSpec> settings,
            @Nullable Probe probe) {
        this(placement, keyPattern, keyFormatHint, docsUrl, settings, probe, null);
    }

    /** A spec without a probe: the key can be checked for its format only. */
    public CredentialSpec(
            KeyPlacement placement,
            @Nullable String keyPattern,
            @Nullable String keyFormatHint,
            @Nullable URI docsUrl,
            List<SettingSpec> settings) {
        this(placement, keyPattern, keyFormatHint, docsUrl, settings, null, null);
    }

    /** A spec with only a placement: no format check, no docs, no settings. */
    public static CredentialSpec of(KeyPlacement placement) {
        return new CredentialSpec(placement, null, null, null, List.of(), null, null);
    }

    /** This spec with {@code oauth2} as the app's OAuth 2.0 declaration (null: none). */
    public CredentialSpec withOAuth2(@Nullable OAuth2Spec oauth2) {
        return new CredentialSpec(placement, keyPattern, keyFormatHint, docsUrl, settings, probe, oauth2);
    }

    /** How the app grants access by OAuth 2.0, when it does. */
    public Optional<OAuth2Spec> oauth() {
        return Optional.ofNullable(oauth2);
    }

    /** The request that checks a key against the live API, when the app has one. */
    public Optional<Probe> verificationProbe() {
        return Optional.ofNullable(probe);
    }

    /** The compiled key format check, when the app has one. */
    public Optional<Pattern> keyFormat() {
        return Optional.ofNullable(keyPattern).map(Pattern::compile);
    }

    /** The setting named {@code name}, if the integration has one. */
    public Optional<SettingSpec> setting(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
