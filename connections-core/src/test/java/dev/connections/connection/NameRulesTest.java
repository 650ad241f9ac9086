package dev.connections.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The name rules as pure functions: stored form, refused characters, the folded key, the log form. */
class NameRulesTest {
    private static final List<Integer> FORMAT_CHARACTERS = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
            .filter(cp -> Character.getType(cp) == Character.FORMAT)
            .boxed()
            .toList();

    @Example
    void everyFormatCharacterIsRefusedAnywhereAndNamedWithoutBeingRepeated() {
        assertThat(FORMAT_CHARACTERS).hasSizeGreaterThan(150);
        for (int cp : FORMAT_CHARACTERS) {
            String c = Character.toString(cp);
            for (String name : List.of(c + "Key", "Ke" + c + "y", "Key" + c)) {
                String message = NameRules.problem(name, "A name").orElseThrow(() -> new AssertionError(hex(cp)));
                assertThat(message).contains(hex(cp)).doesNotContain(c);
            }
        }
    }

    @Example
    void formatCharactersVanishFromTheKeyAndAreEscapedInLogs() {
        for (int cp : FORMAT_CHARACTERS) {
            String name = "Key" + Character.toString(cp) + " for deepl";
            assertThat(NameRules.key(name)).as(hex(cp)).isEqualTo("key for deepl");
            assertThat(NameRules.forLog(name)).as(hex(cp)).contains("\\u").matches("[\\x20-\\x7e]*");
        }
    }

    @Example
    void theIssuesExamplesAreOneName() {
        assertThat(NameRules.key("Key\u00A0for deepl")).isEqualTo(NameRules.key("Key for deepl"));
        assertThat(NameRules.key("  KEY \u3000 FOR\tDEEPL ")).isEqualTo("key for deepl");
        assertThat(NameRules.key("Stra\u00DFe")).isEqualTo(NameRules.key("STRASSE"));
        assertThat(NameRules.key("\uFF2F\uFF50\uFF45\uFF4E\uFF21\uFF29")).isEqualTo(NameRules.key("OpenAI"));
        assertThat(NameRules.key("Cafe\u0301")).isEqualTo(NameRules.key("Caf\u00E9"));
        assertThat(NameRules.key("\u039F\u0394\u039F\u03A3")).isEqualTo(NameRules.key("\u03BF\u03B4\u03BF\u03C2"));
        assertThat(NameRules.key("\u2764\uFE0F Prod")).isEqualTo(NameRules.key("\u2764 prod"));
        // Different scripts stay different names: a Cyrillic "е" is another letter (see docs/SECURITY.md).
        assertThat(NameRules.key("K\u0435y")).isNotEqualTo(NameRules.key("Key"));
    }

    @Example
    void theStoredFormIsNfcWithoutSpacesOfAnyKindAtTheEnds() {
        assertThat(NameRules.normalize("\u00A0\u3000 Cafe\u0301  key\u2003\u202F"))
                .isEqualTo("Caf\u00E9  key");
        assertThat(NameRules.normalize("\u3164\u2800")).isEmpty();
        assertThat(NameRules.normalize(null)).isEmpty();
    }

    @Example
    void emojiPresentationSelectorsAreAllowedAfterAVisibleCharacterOnly() {
        assertThat(NameRules.problem("\u2764\uFE0F Prod", "A name")).isEmpty();
        assertThat(NameRules.problem("Prod \uFE0F", "A name")).isPresent();
        assertThat(NameRules.problem("\u2764\uFE0F\uFE0F", "A name")).isPresent();
        assertThat(NameRules.problem("\u2764\uFE00", "A name")).isPresent();
    }

    @Example
    void aWordMayNotMixScriptsBeyondOneWritingSystem() {
        assertThat(NameRules.problem("\u041EpenAI", "An app name"))
                .hasValue("An app name cannot mix letters of different scripts in one word; a word mixes Cyrillic"
                        + " and Latin. Write each word in one script.");
        assertThat(NameRules.problem("Pr\u043Ed key", "A name")).isPresent();
        assertThat(NameRules.problem("\u03BAey", "A name"))
                .hasValueSatisfying(m -> assertThat(m).contains("Greek and Latin"));
        for (String fine : List.of(
                "\u041A\u043B\u044E\u0447 for deepl",
                "iPhone-\u043A\u043B\u044E\u0447",
                "\u65E5\u672C\u8A9E\u306EKey",
                "\u6771\u4EAC\u30BF\u30EF\u30FC key",
                "\uB370\uC774\uD130\u6F22\u5B57 key",
                "Key2 \u041A\u043B\u044E\u0447\u0032",
                "Caf\u00E9 \u00B5s")) {
            assertThat(NameRules.problem(fine, "A name")).as(fine).isEmpty();
        }
    }

    @Example
    void everySingleCodePointFoldsToAFixedPoint() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String key = NameRules.key(Character.toString(cp));
            if (!NameRules.key(key).equals(key)) {
                throw new AssertionError(
                        hex(cp) + " folds to " + key.codePoints().boxed().toList() + ", which folds further");
            }
        }
    }

    @Property
    void theKeyIsAFixedPoint(@ForAll("hostile") String name) {
        String key = NameRules.key(name);
        assertThat(NameRules.key(key)).isEqualTo(key);
        assertThat(key).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
        assertThat(key.codePoints().filter(cp -> Character.getType(cp) == Character.FORMAT))
                .isEmpty();
    }

    @Property
    void caseWidthComposedFormAndSpacesDoNotMakeANewName(@ForAll("plain") String name) {
        String key = NameRules.key(name);
        assertThat(NameRules.key(name.toUpperCase(Locale.ROOT))).isEqualTo(key);
        assertThat(NameRules.key(name.toLowerCase(Locale.ROOT))).isEqualTo(key);
        assertThat(NameRules.key(Normalizer.normalize(name, Normalizer.Form.NFD)))
                .isEqualTo(key);
        assertThat(NameRules.key(name.replace(" ", "\u00A0\u3000 "))).isEqualTo(key);
        assertThat(NameRules.key(name.replace("e", "e\u200B"))).isEqualTo(key);
    }

    @Property
    void anAcceptedNameIsNfcAndHoldsNothingInvisible(@ForAll("hostile") String typed) {
        String name = NameRules.normalize(typed);
        if (NameRules.problem(name, "A name").isEmpty()) {
            assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).isTrue();
            assertThat(name.codePoints().filter(InvisibleCharacters::is)).isEmpty();
        }
    }

    @Property
    void aLogLineShowsEveryNameWithoutInvisibleCharactersOrBareQuotes(@ForAll("hostile") String name) {
        String logged = NameRules.forLog(name);
        assertThat(logged.codePoints().filter(InvisibleCharacters::is)).isEmpty();
        assertThat(logged.replace("\\\\", "").replace("\\\"", "")).doesNotContain("\"");
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> pieces = Arbitraries.frequencyOf(
                Tuple.of(
                        6,
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(1)
                                .ofMaxLength(3)),
                Tuple.of(2, Arbitraries.of(FORMAT_CHARACTERS).map(Character::toString)),
                Tuple.of(2, Arbitraries.integers().between(0x0300, 0x036F).map(Character::toString)),
                Tuple.of(2, Arbitraries.of(" ", "\u00A0", "\u3000", "\u2003", "\t", "\n", "\u2028", "\u0085")),
                Tuple.of(2, Arbitraries.of("\u0430", "\u0435", "\u03BF", "\u00DF", "\uFB00", "\uFF4B", "\u212A")),
                Tuple.of(1, Arbitraries.of("\u115F", "\u3164", "\u2800", "\u034F", "\uFE0F", "\uE000", "\uD800")),
                Tuple.of(1, Arbitraries.of("\"", "\\", "\u2764", "\uD83D\uDD11")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(2)));
        return pieces.list().ofMaxSize(8).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings()
                .withChars("abcdeKSsz \u00DF\u00E9\u00C5\u03C3\u03A3\u0436")
                .ofMinLength(1)
                .ofMaxLength(12);
    }

    private static String hex(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }
}
