package dev.connections.keys;

import dev.connections.crypto.KeyRing;
import dev.connections.spi.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready-made {@link KeyProvider}s: keys from an environment variable, a system property, a text file, a
 * PKCS12 KeyStore, a wrapped key ring, explicit bytes, or a development key file.
 *
 * <p>The text form used by the variable, property and file providers is {@code
 * primary=k2;k2:<base64 32-byte key>;k1:<base64 32-byte key>}: entries separated by {@code ;} or line
 * breaks, one {@code primary=} naming the key that encrypts new secrets (optional when there is only
 * one key). Providers over external sources re-read them on every {@link KeyProvider#keyRing()} call,
 * so {@code Connections.encryptionKeys().reload()} picks up a new primary key without a restart. Error messages name
 * the source and key ids, never key material; {@code toString} shows the source only.
 */
public final class KeyProviders {
    private static final Logger LOG = LoggerFactory.getLogger(KeyProviders.class);
    private static final Set<Path> WARNED_DEVELOPMENT_FILES = ConcurrentHashMap.newKeySet();

    private KeyProviders() {}

    /**
     * Keys from environment variable {@code variable} in the text form (e.g. {@code
     * CONNECTIONS_KEYS="primary=k1;k1:<base64>"}).
     */
    public static KeyProvider fromEnvironment(String variable) {
        Objects.requireNonNull(variable, "variable");
        return fromEnvironment(variable, System::getenv);
    }

    static KeyProvider fromEnvironment(String variable, java.util.function.Function<String, @Nullable String> env) {
        return textProvider("environment variable " + variable, () -> env.apply(variable));
    }

    /**
     * Keys from system property {@code property} in the text form. Its {@code keyRing()} throws {@link
     * IllegalStateException} when the property is not set and {@link IllegalArgumentException} when its
     * text is malformed (naming the entry and the kind of problem, never anything of the text).
     */
    public static KeyProvider fromSystemProperty(String property) {
        Objects.requireNonNull(property, "property");
        return textProvider("system property " + property, () -> System.getProperty(property));
    }

    /**
     * Keys from a UTF-8 text file in the text form (one entry per line is fine; {@code #} starts a
     * comment line), e.g. a mounted secrets volume. Re-read on every reload.
     */
    public static KeyProvider fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        return textProvider("file " + file, () -> readText(file));
    }

    /**
     * Keys given as text in code or configuration (parsed once, here).
     *
     * @throws IllegalArgumentException when the text is malformed; the message names the entry by its number
     *     and the kind of problem, never anything of the text, which may hold key material
     */
    public static KeyProvider fromText(String text) {
        Objects.requireNonNull(text, "text");
        return fixed(KeyRingText.toKeyRing(KeyRingText.parse(text, "the given text"), "the given text"));
    }

    /** Always the same ring, e.g. one built with {@link KeyRing#builder()} from explicit bytes. */
    public static KeyProvider fixed(KeyRing ring) {
        Objects.requireNonNull(ring, "ring");
        return new Named("fixed key ring " + ring, () -> ring);
    }

    /** One explicit key, which is the primary (the bytes are copied; the caller may wipe its array). */
    public static KeyProvider ofKey(String keyId, byte[] aes256Key) {
        return fixed(KeyRing.builder().primary(keyId, aes256Key).build());
    }

    /**
     * Every AES-256 secret-key entry of a PKCS12 KeyStore file, key id = alias, with {@code primaryAlias}
     * as primary; entries are protected by the store password. Re-read on every reload. Create entries
     * with {@code keytool -genseckey -alias k1 -keyalg AES -keysize 256 -storetype PKCS12 -keystore
     * keys.p12}. PKCS12 stores aliases in lower case, so key ids are lower case.
     */
    public static KeyProvider fromKeyStore(Path file, char[] password, String primaryAlias) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(primaryAlias, "primaryAlias");
        char[] pass = Objects.requireNonNull(password, "password").clone();
        return new Named("PKCS12 KeyStore " + file, () -> readKeyStore(file, pass, primaryAlias));
    }

    /**
     * A ring whose data keys are wrapped by {@code master} ({@link WrappedKeyRing}); {@code wrappedText}
     * is read on every reload, so it may come from a file, a configuration service or a database row.
     */
    public static KeyProvider wrapped(Supplier<String> wrappedText, MasterKey master) {
        Objects.requireNonNull(wrappedText, "wrappedText");
        Objects.requireNonNull(master, "master");
        return new Named("wrapped key ring (master key " + master.id() + ")", () -> {
            String text = wrappedText.get();
            if (text == null) {
                throw new IllegalStateException("The wrapped key ring supplier returned nothing");
            }
            return WrappedKeyRing.unwrap(text, master, "the wrapped key ring");
        });
    }

    /** A wrapped key ring kept in a UTF-8 text file; see {@link #wrapped(Supplier, MasterKey)}. */
    public static KeyProvider wrapped(Path file, MasterKey master) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(master, "master");
        return new Named(
                "wrapped key ring in " + file + " (master key " + master.id() + ")",
                () -> WrappedKeyRing.unwrap(readText(file), master, "file " + file));
    }

    /**
     * For development and the example app only: keys from {@code file}, which is created with one
     * freshly generated key if it does not exist (owner-only permissions where the file system has
     * them). Logs a warning once per file and process, because the key lies unprotected next to the
     * data it protects. Never use it in production wiring.
     */
    public static KeyProvider developmentKeyFile(Path file) {
        Objects.requireNonNull(file, "file");
        Path path = file.toAbsolutePath().normalize();
        return new Named("development key file " + path, () -> {
            boolean created = createDevelopmentKeyFile(path);
            if (WARNED_DEVELOPMENT_FILES.add(path)) {
                LOG.warn(
                        "DEVELOPMENT ENCRYPTION KEY {} {}: API keys are encrypted with a key stored unprotected on"
                                + " this machine. Do not use this in production; configure"
                                + " KeyProviders.fromEnvironment, fromKeyStore or wrapped instead (see"
                                + " docs/SECURITY.md).",
                        created ? "generated in" : "read from",
                        path);
            }
            return KeyRingText.toKeyRing(KeyRingText.parse(readText(path), "file " + path), "file " + path);
        });
    }

    private static boolean createDevelopmentKeyFile(Path path) {
        if (Files.exists(path)) {
            return false;
        }
        byte[] key = new byte[32];
        byte[] idBytes = new byte[4];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        random.nextBytes(idBytes);
        String keyId = "dev-" + HexFormat.of().formatHex(idBytes);
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put(keyId, key);
        byte[] text = ("# Development encryption key for the Connections library. NOT FOR PRODUCTION.\n"
                        + KeyRingText.format(null, keyId, values, "\n")
                        + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(path);
            }
            Files.write(path, text, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (FileAlreadyExistsException e) {
            // Another process created it first; use theirs.
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("Could not create the development key file " + path, e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    private static KeyProvider textProvider(String source, Supplier<@Nullable String> text) {
        return new Named(source, () -> {
            String value = text.get();
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("No encryption keys: " + source
                        + " is not set. It must hold primary=<key id>;<key id>:<base64 32-byte key>[;...]"
                        + " (see docs/SECURITY.md)");
            }
            return KeyRingText.toKeyRing(KeyRingText.parse(value, source), source);
        });
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not read encryption keys from " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    private static KeyRing readKeyStore(Path file, char[] password, String primaryAlias) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            // Exception texts of KeyStore.load mention no key material, but keep ours to the file name.
            throw new IllegalStateException(
                    "Could not open PKCS12 KeyStore " + file + " (wrong password or damaged file): "
                            + e.getClass().getSimpleName(),
                    e);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        try {
            List<String> aliases = new ArrayList<>(Collections.list(store.aliases()));
            Collections.sort(aliases);
            String primary = null;
            for (String alias : aliases) {
                if (!store.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                if (key instanceof SecretKey secret && "AES".equalsIgnoreCase(secret.getAlgorithm())) {
                    keys.put(alias, secret.getEncoded());
                    if (alias.equalsIgnoreCase(primaryAlias)) {
                        primary = alias;
                    }
                }
            }
            String source = "PKCS12 KeyStore " + file;
            if (primary == null) {
                throw new IllegalStateException("The " + source + " has no AES secret-key entry '" + primaryAlias
                        + "' to use as primary (entries: " + keys.keySet() + ")");
            }
            return KeyRingText.build(primary, keys, Map.of(), source);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Could not read the keys of PKCS12 KeyStore " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        } finally {
            keys.values().forEach(v -> Arrays.fill(v, (byte) 0));
        }
    }

    /** A provider whose {@code toString} names its source and nothing else. */
    private record Named(String source, KeyProvider delegate) implements KeyProvider {
        @Override
        public KeyRing keyRing() {
            return delegate.keyRing();
        }

        @Override
        public String toString() {
            return "KeyProvider[" + source + "]";
        }
    }
}
