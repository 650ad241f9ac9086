package dev.connections.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first and last code point of each invisible range, and how names are written to a log (issue 25). */
class NameRulesEdgesTest {
    @ParameterizedTest(name = "U+{0} invisible: {1}")
    @DisplayName("each range of invisible code points is invisible from its first to its last code point")
    @CsvSource({
        "180A, false",
        "180B, true",
        "180F, true",
        "1810, false",
        "FDFF, false",
        "FE00, true",
        "FE0F, true",
        "FE10, false",
        "E0100, true",
        "E01EF, true",
        "E01F0, false",
        "034F, true",
        "17B4, true",
        "17B5, true",
        "17B6, false",
        "200B, true",
        "3164, true",
        "0041, false",
        "0020, false",
    })
    void invisibleRanges(String hex, boolean invisible) {
        assertThat(NameRules.isInvisible(Integer.parseInt(hex, 16))).isEqualTo(invisible);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("a log line shows spaces as spaces and every other blank or invisible character as an escape")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            a b          | a b
            a\u00A0b     | a\\u00A0b
            a\u200Bb     | a\\u200Bb
            a\u202Eb     | a\\u202Eb
            """)
    void forLog(String name, String logged) {
        assertThat(NameRules.forLog(name)).isEqualTo(logged);
    }
}
