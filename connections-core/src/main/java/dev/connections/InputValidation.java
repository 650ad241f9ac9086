package dev.connections;

import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NameRules;
import dev.connections.secret.Secret;
import dev.connections.spi.IntegrationCatalog;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Every input rule of the facade in one place: Bean Validation constraints on the typed inputs, plus
 * the checks that depend on the integration (key format, settings) or on each other (custom specs).
 */
final class InputValidation {
    static final int MAX_NAME = 100;
    static final int MAX_SETTING_VALUE = 1000;
    static final int MAX_SCOPES = 50;
    static final int MAX_SCOPE = 200;

    private static final ValidatorFactory FACTORY = buildFactory();
    private final Validator validator = FACTORY.getValidator();
    private final BaseUrlPolicy baseUrlPolicy;
    private final IntegrationCatalog catalog;

    /** Checks custom base URLs against {@code baseUrlPolicy}, custom app names against {@code catalog}. */
    InputValidation(BaseUrlPolicy baseUrlPolicy, IntegrationCatalog catalog) {
        this.baseUrlPolicy = Objects.requireNonNull(baseUrlPolicy, "baseUrlPolicy");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The policy custom base URLs and OAuth 2.0 endpoints are checked against. */
    BaseUrlPolicy baseUrlPolicy() {
        return baseUrlPolicy;
    }

    /** Checks custom base URLs against {@link BaseUrlPolicy#defaults()}; no catalog names are taken. */
    InputValidation() {
        this(BaseUrlPolicy.defaults(), IntegrationCatalogs.of());
    }

    /** A connection name as typed, stripped of surrounding whitespace. */
    record NameInput(
            @NotBlank(message = "Enter a name for the connection.")
                    @Size(max = MAX_NAME, message = "A name has at most " + MAX_NAME + " characters.")
                    String name) {}

    /** An app name for a custom connection. */
    record AppNameInput(
            @NotBlank(message = "Enter the app's name.")
                    @Size(max = MAX_NAME, message = "An app name has at most " + MAX_NAME + " characters.")
                    String appName) {}

    /** An API key. */
    record KeyInput(@ValidApiKey Secret apiKey) {}

    /** The name as it is stored ({@link NameRules#normalize}); null becomes empty. */
    static String normalizeName(@Nullable String name) {
        return NameRules.normalize(name);
    }

    void checkName(String name, String field, FieldErrors errors) {
        collect(new NameInput(name), field, errors);
        if (!errors.has(field)) {
            NameRules.problem(name, "A name").ifPresent(problem -> errors.add(field, problem));
        }
    }

    /**
     * A key for {@code integration}: its characters first (an invisible character is named as such, on every
     * app), then the app's format, checked on the key without the refused characters so that a key whose
     * only fault is a pasted zero-width space is not also blamed for its format.
     */
    void checkKey(Secret key, Integration integration, String field, FieldErrors errors) {
        collect(new KeyInput(key), field, errors);
        if (key.isWiped() || key.length() == 0 || key.length() > ValidApiKey.MAX_LENGTH) {
            return;
        }
        integration.credentials().keyFormat().ifPresent(format -> {
            boolean ok = key.use(chars -> {
                char[] kept = withoutRefusedCharacters(chars);
                try {
                    return format.matcher(CharBuffer.wrap(kept)).matches();
                } finally {
                    Arrays.fill(kept, '\0');
                }
            });
            if (!ok) {
                String hint = integration.credentials().keyFormatHint();
                // The hint is a full sentence of its own ("An OpenAI secret key starts with sk-…").
                errors.add(
                        field,
                        "This key does not have the format of " + integration.displayName() + " API keys."
                                + (hint == null || hint.isBlank() ? "" : " " + sentence(hint)));
            }
        });
    }

    private static char[] withoutRefusedCharacters(char[] chars) {
        char[] kept = new char[chars.length];
        int n = 0;
        for (int i = 0; i < chars.length; ) {
            int cp = Character.codePointAt(chars, i);
            int count = Character.charCount(cp);
            if (ValidApiKey.Check.problem(cp, 0) == null) {
                System.arraycopy(chars, i, kept, n, count);
                n += count;
            }
            i += count;
        }
        char[] out = Arrays.copyOf(kept, n);
        Arrays.fill(kept, '\0');
        return out;
    }

    private static String sentence(String text) {
        String t = text.strip();
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
    }

    /** Settings against the integration's spec: known names, required ones present, sane values. */
    void checkSettings(Map<String, String> settings, Integration integration, FieldErrors errors) {
        var specs = integration.credentials().settings();
        settings.forEach((name, value) -> {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                errors.add("settings." + name, integration.displayName() + " has no setting named '" + name + "'.");
            } else {
                checkSettingValue(name, value, errors);
            }
        });
        for (SettingSpec spec : specs) {
            String value = settings.getOrDefault(spec.name(), spec.defaultValue());
            if (spec.required() && (value == null || value.isBlank())) {
                errors.add("settings." + spec.name(), "Enter " + spec.label() + ".");
            }
        }
    }

    void checkCustom(CustomConnectionSpec spec, FieldErrors errors) {
        checkAppName(spec.appName(), errors);
        checkBaseUrl(spec.baseUrl(), errors);
        switch (spec.authType()) {
            case HEADER -> {
                checkToken(spec.keyName(), "keyName", "header name", errors);
                if (spec.keyPrefix().length() > MAX_NAME
                        || spec.keyPrefix().chars().anyMatch(Character::isISOControl)) {
                    errors.add(
                            "keyPrefix", "A prefix has at most " + MAX_NAME + " characters and no control characters.");
                }
            }
            case QUERY_PARAMETER -> checkToken(spec.keyName(), "keyName", "query parameter name", errors);
            case BASIC_AUTH -> {
                if (spec.basicUsername().length() > 200
                        || spec.basicUsername().chars().anyMatch(Character::isISOControl)
                        || spec.basicUsername().indexOf(':') >= 0) {
                    errors.add(
                            "basicUsername", "A username has at most 200 characters and no ':' or control characters.");
                }
            }
        }
        spec.settings().forEach((name, value) -> {
            if (!KeyPlacement.TOKEN.matcher(name).matches()) {
                errors.add("settings", "Setting names use letters, digits, '-' or '_'.");
            } else {
                checkSettingValue(name, value, errors);
            }
        });
        if (AppDirectory.sendsUsername(spec) && spec.settings().containsKey(AppDirectory.BASIC_USERNAME_SETTING)) {
            errors.add(
                    "settings." + AppDirectory.BASIC_USERNAME_SETTING,
                    "A basic-auth app keeps its user name in the setting '" + AppDirectory.BASIC_USERNAME_SETTING
                            + "'; give this setting another name.");
        }
        checkName(spec.connectionName(), "connectionName", errors);
        checkProbePath(spec, errors);
        if (spec.oauth2() != null) {
            checkOAuth2(spec, spec.oauth2(), errors);
        }
    }

    /**
     * A custom app's OAuth 2.0 description. Its URLs are user input the server will send the client secret,
     * codes and tokens to, so each passes the base URL's {@link BaseUrlPolicy} (https, public addresses, one
     * IPv4 spelling), under its own field name.
     */
    private void checkOAuth2(CustomConnectionSpec spec, CustomConnectionSpec.OAuth2 oauth, FieldErrors errors) {
        if (spec.authType() == CustomConnectionSpec.AuthType.BASIC_AUTH) {
            errors.add(
                    "authType",
                    "An OAuth 2.0 access token is sent in a header or a query parameter, not as basic auth.");
        }
        checkOAuthUrl(oauth.authorizationUrl(), "oauth2.authorizationUrl", "authorization", true, errors);
        checkOAuthUrl(oauth.tokenUrl(), "oauth2.tokenUrl", "token", true, errors);
        checkOAuthUrl(oauth.revocationUrl(), "oauth2.revocationUrl", "revocation", false, errors);
        if (oauth.scopes().size() > MAX_SCOPES) {
            errors.add("oauth2.scopes", "Ask for at most " + MAX_SCOPES + " scopes.");
        }
        for (String scope : oauth.scopes()) {
            // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), joined with spaces.
            if (scope.isEmpty()
                    || scope.length() > MAX_SCOPE
                    || !scope.chars()
                            .allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                errors.add(
                        "oauth2.scopes",
                        "A scope has 1 to " + MAX_SCOPE
                                + " visible ASCII characters, without spaces, quotes or backslashes.");
                break;
            }
        }
        if (!errors.has("authType")
                && !errors.has("oauth2.authorizationUrl")
                && !errors.has("oauth2.tokenUrl")
                && !errors.has("oauth2.revocationUrl")
                && !errors.has("oauth2.scopes")) {
            try {
                AppDirectory.oauth2(oauth, new KeyPlacement.Header("Authorization", "Bearer "));
            } catch (IllegalArgumentException e) {
                // The policy may be looser than what a declaration takes (http on a loopback name in development).
                errors.add("oauth2", "These OAuth 2.0 endpoints cannot be used: " + e.getMessage() + ".");
            }
        }
    }

    private void checkOAuthUrl(String url, String field, String what, boolean required, FieldErrors errors) {
        if (url.isEmpty()) {
            if (required) {
                errors.add(
                        field,
                        "Enter the " + what + " endpoint's URL, e.g. https://auth.example.com/oauth/" + what + ".");
            }
            return;
        }
        // The policy words its sentences for the base URL field; these fields hold other URLs of the same app.
        baseUrlPolicy
                .problems(url)
                .forEach(problem -> errors.add(
                        field,
                        problem.replace("the key is sent separately", "the client authenticates separately")
                                .replace("the key would be sent", "secrets and tokens would be sent")
                                .replace("The base URL", "The " + what + " URL")
                                .replace("A base URL", "A URL")
                                .replace("Enter a base URL", "Enter a URL")));
        if (url.indexOf('#') >= 0) {
            errors.add(field, "An OAuth 2.0 endpoint's URL cannot contain a fragment (#…).");
        }
    }

    /** A custom app's "Test connection" path: a valid probe path naming only the spec's own settings. */
    private static void checkProbePath(CustomConnectionSpec spec, FieldErrors errors) {
        if (spec.probePath().isEmpty()) {
            return;
        }
        try {
            // The settings the stored definition will have (AppDirectory.settings), not the spec's raw fields: a
            // user name left over from basic auth is no setting once the key goes in a header.
            Map<String, String> stored = AppDirectory.settings(spec);
            for (String name : Probe.get(spec.probePath()).placeholders()) {
                if (!stored.containsKey(name)) {
                    errors.add("probePath", "The check path names {" + name + "}, which is not one of the settings.");
                }
            }
        } catch (IllegalArgumentException e) {
            errors.add(
                    "probePath",
                    "A check path starts with / and holds only URL path and query characters, e.g. /v1/me.");
        }
    }

    private void checkAppName(String appName, FieldErrors errors) {
        collect(new AppNameInput(appName), "appName", errors);
        if (errors.has("appName")) {
            return;
        }
        NameRules.problem(appName, "An app name").ifPresent(problem -> errors.add("appName", problem));
        String key = NameRules.key(appName);
        // A custom tile named like a catalog app (or one of its aliases) would pass for it on the page.
        catalog.all().stream()
                .filter(app -> NameRules.key(app.displayName()).equals(key)
                        || app.aliases().stream()
                                .anyMatch(alias -> NameRules.key(alias).equals(key)))
                .findFirst()
                .ifPresent(app -> errors.add(
                        "appName", app.displayName() + " is already in the catalog — add a connection to it instead."));
    }

    private void checkSettingValue(String name, String value, FieldErrors errors) {
        if (value.length() > MAX_SETTING_VALUE || value.chars().anyMatch(Character::isISOControl)) {
            errors.add(
                    "settings." + name,
                    "A setting has at most " + MAX_SETTING_VALUE + " characters and no control characters.");
        }
    }

    private static void checkToken(String value, String field, String what, FieldErrors errors) {
        if (value.isEmpty()) {
            errors.add(field, "Enter the " + what + ".");
        } else if (!KeyPlacement.TOKEN.matcher(value).matches()) {
            errors.add(
                    field, "A " + what + " uses only letters, digits and - _ . ! # $ % & ' * + ^ ` | ~ (no spaces).");
        }
    }

    private void checkBaseUrl(String baseUrl, FieldErrors errors) {
        baseUrlPolicy.problems(baseUrl).forEach(problem -> errors.add("baseUrl", problem));
    }

    private <T> void collect(T input, String field, FieldErrors errors) {
        for (ConstraintViolation<T> violation : validator.validate(input)) {
            errors.add(field, violation.getMessage());
        }
    }

    private static ValidatorFactory buildFactory() {
        HibernateValidatorConfiguration config =
                Validation.byProvider(HibernateValidator.class).configure();
        var defaults = config.getDefaultConstraintValidatorFactory();
        return config.constraintValidatorFactory(new jakarta.validation.ConstraintValidatorFactory() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <V extends ConstraintValidator<?, ?>> V getInstance(Class<V> key) {
                        // Our checks are package-private on purpose; the default factory cannot reach them.
                        return key == ValidApiKey.Check.class ? (V) new ValidApiKey.Check() : defaults.getInstance(key);
                    }

                    @Override
                    public void releaseInstance(ConstraintValidator<?, ?> instance) {
                        defaults.releaseInstance(instance);
                    }
                })
                .buildValidatorFactory();
    }
}
