package dev.connections.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The associated data that binds a ciphertext to its record is written without intermediate arrays; it must stay
 * byte for byte what the straightforward construction gives (format version, then each part as a two-byte length
 * and its {@code String.getBytes(UTF_8)}), or every stored key would stop opening.
 */
class AssociatedDataPropertyTest {

    /** The construction the format was defined with, kept here as the reference. */
    private static byte[] reference(int formatVersion, String keyId, SecretBinding binding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(formatVersion);
        for (String part : new String[] {
            "connections-secret",
            keyId,
            binding.workspace().value(),
            binding.connection().toString(),
            binding.ref().value()
        }) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<String> anyText() {
        // Every UTF-8 length class: ASCII, two bytes, three bytes, pairs (four bytes) and lone surrogates ('?').
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(8),
                Arbitraries.strings().withCharRange('\u0080', '\u07ff').ofMaxLength(4),
                Arbitraries.strings().withCharRange('\u0800', '\ud7ff').ofMaxLength(4),
                Arbitraries.strings().withCharRange('\ue000', '\uffff').ofMaxLength(4),
                Arbitraries.of("🔑", "\ud83d", "\udd11", "\udd11\ud83d", "𝄞x"));
        return pieces.list().ofMaxSize(6).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<String> workspaceIds() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(s -> Character.isLetterOrDigit(s.charAt(0)));
    }

    @Provide
    Arbitrary<String> refs() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('.', '_', ':', '-')
                .ofMinLength(1)
                .ofMaxLength(100);
    }

    @Property(tries = 1000)
    void isByteForByteTheReferenceConstruction(
            @ForAll("anyText") String keyId,
            @ForAll("workspaceIds") String workspace,
            @ForAll long mostSignificant,
            @ForAll long leastSignificant,
            @ForAll("refs") String ref) {
        SecretBinding binding = new SecretBinding(
                WorkspaceId.of(workspace),
                new ConnectionId(new UUID(mostSignificant, leastSignificant)),
                SecretRef.of(ref));
        assertThat(AssociatedData.of(1, keyId, binding)).isEqualTo(reference(1, keyId, binding));
        assertThat(AssociatedData.utf8Length(keyId)).isEqualTo(keyId.getBytes(StandardCharsets.UTF_8).length);
    }

    @Example
    void uuidDigitsAreLowerCaseWithLeadingZerosKept() {
        SecretBinding binding = new SecretBinding(
                WorkspaceId.of("acme"),
                new ConnectionId(new UUID(0x0000000a0000000bL, 0x000c00000000000dL)),
                SecretRef.of("r"));
        byte[] aad = AssociatedData.of(7, "k1", binding);
        assertThat(aad[0]).isEqualTo((byte) 7);
        assertThat(new String(aad, StandardCharsets.UTF_8)).contains("0000000a-0000-000b-000c-00000000000d");
        assertThat(aad).isEqualTo(reference(7, "k1", binding));
    }
}
