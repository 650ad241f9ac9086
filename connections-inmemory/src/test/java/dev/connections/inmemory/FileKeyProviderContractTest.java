package dev.connections.inmemory;

import dev.connections.keys.KeyProviders;
import dev.connections.spi.KeyProvider;
import dev.connections.tck.KeyProviderContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.io.TempDir;

/** The key provider contract for {@link KeyProviders#fromFile}, which re-reads its file on every call. */
class FileKeyProviderContractTest extends KeyProviderContract {
    @TempDir
    Path dir;

    private Path file;

    @Override
    protected KeyProvider createProvider() throws Exception {
        file = dir.resolve("keys.txt");
        Files.writeString(
                file,
                "# keys for the contract\n"
                        + KeyProviderFixture.text("k1", "k1").replace(';', '\n') + "\n");
        return KeyProviders.fromFile(file);
    }

    @Override
    protected boolean addPrimaryToSource(String newKeyId) throws Exception {
        String kept = Files.readString(file, StandardCharsets.UTF_8).replace("primary=k1", "primary=" + newKeyId);
        Files.writeString(
                file,
                kept + newKeyId + ":" + Base64.getEncoder().encodeToString(KeyProviderFixture.randomKey()) + "\n");
        return true;
    }
}
