package dev.connections.benchmarks;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.crypto.KeyRing;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Shared inputs: a key ring, API keys of a realistic size and synthetic catalogs. */
final class Fixtures {
    /** Length of an OpenAI-style project key, the size every resolve benchmark decrypts. */
    static final int KEY_CHARS = 51;

    private static final String[] FIRST = {
        "Acme", "Blue", "Cloud", "Data", "Echo", "Flux", "Giga", "Hyper", "Iron", "Jet", "Kite", "Lumen", "Mono",
        "Nova", "Orbit", "Pixel", "Quant", "Rapid", "Sky", "Terra", "Ultra", "Vector", "Wave", "Xeno", "Yield", "Zen",
        "Amber", "Bright", "Cobalt", "Delta", "Ember", "Fable", "Granite", "Harbor", "Indigo", "Juniper", "Krypton",
        "Lattice", "Meadow", "Nimbus"
    };
    private static final String[] SECOND = {
        "Analytics",
        "Pay",
        "Mail",
        "CRM",
        "Chat",
        "Sign",
        "Docs",
        "Forms",
        "Ops",
        "AI",
        "Desk",
        "Calendar",
        "Storage",
        "Search",
        "Voice",
        "Video",
        "Notes",
        "Tasks",
        "Billing",
        "Deploy",
        "Monitor",
        "Security",
        "HR",
        "Ledger",
        "Maps"
    };

    private Fixtures() {}

    static KeyRing keyRing() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return KeyRing.builder().primary("bench-1", key).build();
    }

    static String apiKey(int serial) {
        String body = "sk-proj-" + String.format(Locale.ROOT, "%08d", serial);
        StringBuilder b = new StringBuilder(body);
        while (b.length() < KEY_CHARS) {
            b.append((char) ('a' + (b.length() * 7 + serial) % 26));
        }
        return b.toString();
    }

    /** {@code size} integrations with distinct, word-like names ("Nova Pay 3"), sorted like a catalog. */
    static List<Integration> integrations(int size) {
        List<Integration> list = new ArrayList<>(size);
        int variant = 0;
        while (list.size() < size) {
            for (String first : FIRST) {
                for (String second : SECOND) {
                    if (list.size() == size) {
                        break;
                    }
                    String name = first + " " + second + (variant == 0 ? "" : " " + variant);
                    list.add(integration(name));
                }
            }
            variant++;
        }
        list.sort(Comparator.comparing((Integration i) -> i.displayName().toLowerCase(Locale.ROOT)));
        return List.copyOf(list);
    }

    static Integration integration(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return new Integration(
                IntegrationId.of(slug),
                name,
                name + " API",
                List.of("Benchmark"),
                CredentialSpec.of(KeyPlacement.bearer()),
                null,
                null);
    }

    /** The library's own catalog implementation over a fixed list (indexed search). */
    static IntegrationCatalog catalog(List<Integration> integrations) {
        return IntegrationCatalogs.of(integrations);
    }
}
