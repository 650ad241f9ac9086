package dev.connections.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.SecretIntegrityException;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Flipping any single bit of a stored key makes it fail to open, always with SecretIntegrityException. */
class SecretCipherTamperPropertyTest {
    private final SecretCipher cipher = new SecretCipher(KeyRing.builder()
            .primary("k1", TestKeys.key())
            .decryptOnly("k0", TestKeys.key())
            .build());

    @Provide
    Arbitrary<String> apiKeys() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .withChars("éü日本".toCharArray())
                .ofMinLength(1)
                .ofMaxLength(300)
                // whole surrogate pairs only: a lone surrogate is no key (Secret refuses to encode it)
                .map(s ->
                        s.length() % 3 == 0 ? s.substring(0, s.length() / 2) + "🔑" + s.substring(s.length() / 2) : s);
    }

    @Property(tries = 500)
    void flippingAnyBitOfTheStoredFormFailsToOpen(
            @ForAll("apiKeys") String apiKey, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position) {
        SecretBinding binding = TestKeys.binding();
        byte[] stored = cipher.seal(Secret.of(apiKey), binding).toBytes();
        int bit = position % (stored.length * 8);
        stored[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThatThrownBy(() -> cipher.open(stored, binding)).isInstanceOf(SecretIntegrityException.class);
    }

    @Property(tries = 300)
    void flippingAnyBitOfThePayloadFailsToOpen(
            @ForAll("apiKeys") String apiKey, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position) {
        SecretBinding binding = TestKeys.binding();
        SealedSecret sealed = cipher.seal(Secret.of(apiKey), binding);
        byte[] payload = sealed.payload();
        int bit = position % (payload.length * 8);
        payload[bit / 8] ^= (byte) (1 << (bit % 8));
        SealedSecret tampered = new SealedSecret(sealed.formatVersion(), sealed.keyId(), payload);

        assertThatThrownBy(() -> cipher.open(tampered, binding)).isInstanceOf(SecretIntegrityException.class);
    }

    @Example
    void everySingleBitOfOneStoredKeyIsProtected() {
        SecretBinding binding = TestKeys.binding();
        byte[] original =
                cipher.seal(Secret.of("sk-live-0123456789abcdef"), binding).toBytes();
        assertThat(cipher.open(original, binding).reveal()).isEqualTo("sk-live-0123456789abcdef");
        for (int bit = 0; bit < original.length * 8; bit++) {
            byte[] stored = original.clone();
            stored[bit / 8] ^= (byte) (1 << (bit % 8));
            int flipped = bit;
            assertThatThrownBy(() -> cipher.open(stored, binding))
                    .as("bit %d", flipped)
                    .isInstanceOf(SecretIntegrityException.class);
        }
    }
}
