package dev.connections.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.crypto.SecretCipher;
import dev.connections.id.ConnectionId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.spi.KeyProvider;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link KeyProvider}: it returns a {@link KeyRing} whose primary key is one of its keys,
 * every key an AES-256 key; rings from two calls open each other's secrets while the source is unchanged;
 * the ring's {@code toString} shows no key material; and a provider over a source that can change returns
 * the new ring on the next call, which is how the library reloads keys.
 *
 * <p>Extend it and implement {@link #createProvider()}. A provider that re-reads its source also
 * overrides {@link #addPrimaryToSource(String)}; the reload test is skipped for the others.
 */
public abstract class KeyProviderContract {
    protected KeyProvider provider;

    /** The provider under test, over a source with at least one key; called before every test. */
    protected abstract KeyProvider createProvider() throws Exception;

    /**
     * Changes the provider's source so that a new key {@code newKeyId} is primary while every current key
     * is kept for decryption, and returns true; the default returns false, for providers whose ring never
     * changes.
     */
    protected boolean addPrimaryToSource(String newKeyId) throws Exception {
        return false;
    }

    @BeforeEach
    void setUpProvider() throws Exception {
        provider = createProvider();
    }

    @Test
    @DisplayName("the primary key is one of the ring's keys, and every key is an AES-256 key")
    void primaryIsOneOfTheKeys() {
        KeyRing ring = provider.keyRing();

        assertThat(ring.keyIds()).isNotEmpty().contains(ring.primaryKeyId());
        assertThat(ring.contains(ring.primaryKeyId())).isTrue();
        for (String keyId : ring.keyIds()) {
            SecretKey key = ring.key(keyId).orElseThrow();
            assertThat(key.getAlgorithm()).as("algorithm of key %s", keyId).isEqualToIgnoringCase("AES");
            assertThat(key.getEncoded()).as("length of key %s", keyId).hasSize(32);
        }
    }

    @Test
    @DisplayName("rings from two calls open each other's secrets when the source did not change")
    void twoCallsOpenEachOthersSecrets() {
        KeyRing first = provider.keyRing();
        KeyRing second = provider.keyRing();
        SecretBinding binding = binding();

        SealedSecret byFirst = cipher(first).seal(Secret.of("sk-sealed-by-first-0123456789"), binding);
        SealedSecret bySecond = cipher(second).seal(Secret.of("sk-sealed-by-second-0123456789"), binding);

        assertThat(second.primaryKeyId()).isEqualTo(first.primaryKeyId());
        assertThat(second.keyIds()).isEqualTo(first.keyIds());
        assertThat(cipher(second).open(byFirst, binding).reveal()).isEqualTo("sk-sealed-by-first-0123456789");
        assertThat(cipher(first).open(bySecond, binding).reveal()).isEqualTo("sk-sealed-by-second-0123456789");
    }

    @Test
    @DisplayName("the ring's toString and the provider's show key ids at most, never key bytes")
    void toStringShowsNoKeyMaterial() {
        KeyRing ring = provider.keyRing();
        String ringText = ring.toString();
        String providerText = provider.toString();

        for (String keyId : ring.keyIds()) {
            byte[] key = ring.key(keyId).orElseThrow().getEncoded();
            for (String form : new String[] {
                Base64.getEncoder().encodeToString(key),
                Base64.getEncoder().withoutPadding().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key),
                HexFormat.of().formatHex(key),
                HexFormat.of().withUpperCase().formatHex(key)
            }) {
                assertThat(ringText).as("the ring's toString").doesNotContain(form);
                assertThat(providerText).as("the provider's toString").doesNotContain(form);
            }
        }
    }

    @Test
    @DisplayName("after the source changes, the next call returns the new primary and still opens old secrets")
    void reloadPicksUpANewPrimary() throws Exception {
        KeyRing before = provider.keyRing();
        SecretBinding binding = binding();
        SealedSecret old = cipher(before).seal(Secret.of("sk-sealed-before-0123456789"), binding);
        String newKeyId = "tck-new-primary";

        assumeTrue(addPrimaryToSource(newKeyId), "this provider's ring never changes");
        KeyRing after = provider.keyRing();

        assertThat(after.primaryKeyId()).isEqualTo(newKeyId);
        assertThat(after.keyIds()).containsAll(before.keyIds());
        assertThat(cipher(after).open(old, binding).reveal()).isEqualTo("sk-sealed-before-0123456789");
        SealedSecret fresh = cipher(after).seal(Secret.of("sk-sealed-after-0123456789"), binding);
        assertThat(fresh.keyId()).isEqualTo(newKeyId);
    }

    private static SecretCipher cipher(KeyRing ring) {
        return new SecretCipher(ring, new InMemoryKeyUsageCounter(), KeyUsageLimits.defaults());
    }

    private static SecretBinding binding() {
        return new SecretBinding(TckData.newWorkspace(), ConnectionId.random(), SecretRef.random());
    }
}
