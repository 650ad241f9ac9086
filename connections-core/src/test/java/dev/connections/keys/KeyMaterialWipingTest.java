package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.KeyRing;
import dev.connections.crypto.TestKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key material the library handles in plain form is wiped once it is no longer needed: each test holds
 * the very buffers the library worked with and sees them zeroed afterwards.
 */
class KeyMaterialWipingTest {
    private final byte[] k1 = TestKeys.key();
    private final byte[] k2 = TestKeys.key();

    @Test
    void parsedKeysAreWipedOnceTheRingHoldsItsOwnCopy() {
        KeyRingText.Parsed parsed =
                KeyRingText.parse("primary=k2;k1:" + TestKeys.base64(k1) + ";k2:" + TestKeys.base64(k2), "the test");
        List<byte[]> decoded = List.copyOf(parsed.values().values());
        assertThat(decoded).noneMatch(KeyMaterialWipingTest::zeroed);

        KeyRing ring = KeyRingText.toKeyRing(parsed, "the test");

        assertThat(decoded).allMatch(KeyMaterialWipingTest::zeroed);
        assertThat(ring.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
        assertThat(ring.key("k2").orElseThrow().getEncoded()).isEqualTo(k2);
    }

    @Test
    void parsedKeysAreWipedEvenWhenTheTextIsRefused() {
        // Wrapped values read as plain text: refused, and still wiped.
        KeyRingText.Parsed parsed = KeyRingText.parse("master=m1;primary=k1;k1:" + TestKeys.base64(k1), "the test");
        List<byte[]> decoded = List.copyOf(parsed.values().values());

        assertThatThrownBy(() -> KeyRingText.toKeyRing(parsed, "the test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KeyProviders.wrapped");
        assertThat(decoded).allMatch(KeyMaterialWipingTest::zeroed);
    }

    @Test
    void wrappingWipesEachPlainDataKeyItHandedToTheMasterKey() {
        RecordingMasterKey master = new RecordingMasterKey(MasterKeys.aes("m1", TestKeys.key()));
        KeyRing ring = TestKeys.ring("k1", k1).withNewPrimary("k2", k2);

        String wrapped = WrappedKeyRing.wrap(ring, master);

        assertThat(master.plainIn).hasSize(2).allMatch(KeyMaterialWipingTest::zeroed);
        // The ring itself is untouched: its keys are still there to use.
        assertThat(ring.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
        assertThat(WrappedKeyRing.unwrap(wrapped, master.delegate)
                        .key("k2")
                        .orElseThrow()
                        .getEncoded())
                .isEqualTo(k2);
    }

    @Test
    void unwrappingWipesTheWrappedBytesAndTheUnwrappedKeysOnceTheRingIsBuilt() {
        MasterKey aes = MasterKeys.aes("m1", TestKeys.key());
        String wrapped = WrappedKeyRing.wrap(TestKeys.ring("k1", k1).withNewPrimary("k2", k2), aes);
        RecordingMasterKey master = new RecordingMasterKey(aes);

        KeyRing ring = WrappedKeyRing.unwrap(wrapped, master);

        assertThat(master.wrappedIn).hasSize(2).allMatch(KeyMaterialWipingTest::zeroed);
        assertThat(master.plainOut).hasSize(2).allMatch(KeyMaterialWipingTest::zeroed);
        assertThat(ring.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
        assertThat(ring.key("k2").orElseThrow().getEncoded()).isEqualTo(k2);
    }

    @Test
    void unwrappingWipesWhatItHeldWhenAKeyDoesNotUnwrap() {
        MasterKey aes = MasterKeys.aes("m1", TestKeys.key());
        String wrapped = WrappedKeyRing.wrap(TestKeys.ring("k1", k1).withNewPrimary("k2", k2), aes);
        RecordingMasterKey master = new RecordingMasterKey(aes);
        master.failOnCall = 2; // the second key: the first is unwrapped and held by then

        assertThatThrownBy(() -> WrappedKeyRing.unwrap(wrapped, master))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not unwrap");

        assertThat(master.wrappedIn).isNotEmpty().allMatch(KeyMaterialWipingTest::zeroed);
        assertThat(master.plainOut).isNotEmpty().allMatch(KeyMaterialWipingTest::zeroed);
    }

    @Test
    void aNewPrimaryIsARandomKeyNotTheEmptyBuffer() {
        MasterKey master = MasterKeys.aes("m1", TestKeys.key());
        String wrapped = WrappedKeyRing.wrap(TestKeys.ring("k1", k1), master);

        byte[] first = WrappedKeyRing.unwrap(WrappedKeyRing.addPrimary(wrapped, master, "k2"), master)
                .key("k2")
                .orElseThrow()
                .getEncoded();
        byte[] second = WrappedKeyRing.unwrap(WrappedKeyRing.addPrimary(wrapped, master, "k2"), master)
                .key("k2")
                .orElseThrow()
                .getEncoded();

        assertThat(first).hasSize(32).isNotEqualTo(new byte[32]).isNotEqualTo(second);
    }

    static boolean zeroed(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return bytes.length > 0;
    }

    /** A master key that keeps every buffer passed in or out, to look at after the library is done with them. */
    static final class RecordingMasterKey implements MasterKey {
        final MasterKey delegate;
        final List<byte[]> plainIn = new ArrayList<>();
        final List<byte[]> wrappedIn = new ArrayList<>();
        final List<byte[]> plainOut = new ArrayList<>();
        int failOnCall = -1;

        RecordingMasterKey(MasterKey delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public byte[] wrap(String keyId, byte[] dataKey) {
            plainIn.add(dataKey);
            return delegate.wrap(keyId, Arrays.copyOf(dataKey, dataKey.length));
        }

        @Override
        public byte[] unwrap(String keyId, byte[] wrapped) {
            wrappedIn.add(wrapped);
            if (wrappedIn.size() == failOnCall) {
                throw new IllegalArgumentException("does not unwrap");
            }
            byte[] plain = delegate.unwrap(keyId, Arrays.copyOf(wrapped, wrapped.length));
            plainOut.add(plain);
            return plain;
        }
    }
}
