package dev.connections.connection;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The rules for names people show to each other — connection names and custom app names: how a typed name
 * is stored, which characters it may not hold, when two names are the same name, and how a stored name is
 * written to a log.
 *
 * <p>A name is stored NFC-normalised and stripped of every kind of white space at both ends. It may not
 * hold a character that is invisible or that changes how the characters around it display: control
 * characters and line or paragraph separators; format characters (Unicode category Cf: zero-width space
 * and joiners, bidi controls, BOM, soft hyphen, tags); blank look-alikes that are not white space (the
 * Hangul fillers U+115F, U+1160, U+3164, U+FFA0 and the braille blank U+2800); the combining grapheme
 * joiner, Khmer inherent vowels, Mongolian variation selectors and the variation selectors U+FE00–U+FE0D
 * and U+E0100–U+E01EF; U+FE0E/U+FE0F (text/emoji presentation) unless right after a visible character;
 * private-use, unassigned and lone surrogate code points; a combining mark at the start; and a word that
 * mixes scripts (a Cyrillic "О" in a Latin "OpenAI"), apart from the script mixes of Japanese, Chinese and
 * Korean writing.
 *
 * <p>Two names are the same name when their {@link #key}s are equal: NFKC, case-folded, invisible
 * characters dropped, every run of white space (including no-break and ideographic spaces) one space.
 * See docs/SECURITY.md, "Names".
 */
public final class NameRules {
    private static final int MAX_FOLD_ROUNDS = 4;
    // Scripts one word may combine: UTS #39's "highly restrictive" sets for Japanese, Chinese and Korean.
    private static final List<Set<Character.UnicodeScript>> WRITING_SYSTEMS = List.of(
            EnumSet.of(
                    Character.UnicodeScript.LATIN,
                    Character.UnicodeScript.HAN,
                    Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    private NameRules() {}

    /** A name as typed, as it is stored: NFC, without white space of any kind at either end; null is empty. */
    public static String normalize(@Nullable String typed) {
        if (typed == null) {
            return "";
        }
        String nfc = Normalizer.normalize(typed, Normalizer.Form.NFC);
        int start = 0;
        int end = nfc.length();
        while (start < end && blank(nfc.codePointAt(start))) {
            start += Character.charCount(nfc.codePointAt(start));
        }
        while (end > start && blank(nfc.codePointBefore(end))) {
            end -= Character.charCount(nfc.codePointBefore(end));
        }
        return nfc.substring(start, end);
    }

    /**
     * What is wrong with a (normalised) name, as a sentence for the form, or empty when it may be stored.
     * The sentence names the offending character by its position, code point and Unicode name and never
     * repeats it, since it may be invisible.
     *
     * @param subject how the sentence names the field, e.g. "A name" or "An app name"
     */
    public static Optional<String> problem(String name, String subject) {
        int position = 0;
        int previous = -1;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            position++;
            String kind = refused(cp, previous, i == 0);
            if (kind != null) {
                return Optional.of(
                        subject + " cannot contain " + kind + "; character " + position + " is " + describe(cp) + ".");
            }
            previous = cp;
            i += Character.charCount(cp);
        }
        return mixedScriptWord(name)
                .map(scripts -> subject + " cannot mix letters of different scripts in one word;" + " a word mixes "
                        + scripts + ". Write each word in one script.");
    }

    /**
     * The scripts of the first word (a run of letters, marks and digits) that mixes scripts beyond what one
     * writing system uses (UTS #39 "highly restrictive": Latin with Han and Japanese kana, Han with
     * Bopomofo, or Han with Hangul), e.g. "Latin and Cyrillic" for a Cyrillic "О" in "ОpenAI".
     */
    private static Optional<String> mixedScriptWord(String name) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        for (int i = 0; i <= name.length(); ) {
            int cp = i < name.length() ? name.codePointAt(i) : ' ';
            if (Character.isLetterOrDigit(cp) || isMark(cp)) {
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                if (script != Character.UnicodeScript.COMMON
                        && script != Character.UnicodeScript.INHERITED
                        && script != Character.UnicodeScript.UNKNOWN) {
                    scripts.add(script);
                }
            } else {
                if (scripts.size() > 1 && WRITING_SYSTEMS.stream().noneMatch(ws -> ws.containsAll(scripts))) {
                    return Optional.of(scripts.stream()
                            .map(script -> title(script.name()))
                            .sorted()
                            .collect(Collectors.joining(" and ")));
                }
                scripts.clear();
            }
            i += i < name.length() ? Character.charCount(cp) : 1;
        }
        return Optional.empty();
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static String title(String constant) {
        String words = constant.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * The key under which names must be unique: NFKC, case-folded (upper-cased, then lower-cased, in the
     * root locale, which folds "ß" to "ss" and final sigma to sigma), invisible characters dropped, runs of
     * white space and blank look-alikes one space, no space at either end. Two names with equal keys look
     * alike, so only one of them may be stored per app (or per workspace, for custom app names).
     */
    public static String key(String name) {
        // Invisible characters go before case mapping too: they would hide a word's end from final sigma.
        String key = squeeze(Normalizer.normalize(name, Normalizer.Form.NFKC));
        // One round is not always a fixed point (capital sharp s lower-cases to "ß", which folds to "ss"),
        // so fold until nothing changes; a test checks that every code point settles within these rounds.
        for (int round = 0; round < MAX_FOLD_ROUNDS; round++) {
            String next = squeeze(
                    Normalizer.normalize(key.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC));
            if (next.equals(key)) {
                break;
            }
            key = next;
        }
        return key;
    }

    /** Drops invisible characters and makes each run of blanks one space, none at the ends. */
    private static String squeeze(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (blank(cp)) {
                space = out.length() > 0;
            } else if (!ignorable(cp)) {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * A stored name made safe for one log line: every character {@link #problem} would refuse, and {@code
     * "} and {@code \}, written as escapes ({@code \u202E}, {@code \"}, {@code \\}). Names stored before
     * these rules may hold such characters; a log line must neither reorder nor hide nor split.
     */
    public static String forLog(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int previous = -1;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '"' || cp == '\\') {
                out.append('\\').append((char) cp);
            } else if (refused(cp, previous, i == 0) != null || (blank(cp) && cp != ' ')) {
                // Surrogate pairs come whole from codePointAt, so only lone surrogates are escaped per unit.
                for (char c : Character.toChars(cp)) {
                    out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                }
            } else {
                out.appendCodePoint(cp);
            }
            previous = cp;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Which kind of refused character {@code cp} is, as a phrase, or null when it may be in a name. */
    private static @Nullable String refused(int cp, int previous, boolean first) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return "line breaks or control characters";
            case Character.FORMAT:
                return "invisible formatting characters such as zero-width spaces, direction marks or soft hyphens";
            case Character.PRIVATE_USE:
                return "private-use characters, which look different on every device";
            case Character.UNASSIGNED:
                return "characters that Unicode has not assigned";
            case Character.SURROGATE:
                return "a broken character (half of a UTF-16 surrogate pair)";
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK:
                if (first) {
                    return "a combining mark at the start";
                }
                break;
            default:
                break;
        }
        if (blankLookAlike(cp)) {
            return "blank characters other than spaces";
        }
        if (presentationSelector(cp)) {
            return previous < 0 || blank(previous) || ignorable(previous) ? "invisible characters" : null;
        }
        if (ignorable(cp)) {
            return "invisible characters";
        }
        return null;
    }

    /**
     * A code point as a form can name it without showing it: {@code U+200B ZERO WIDTH SPACE}, or only the
     * number for private-use, surrogate and unassigned code points (which have no name of their own).
     */
    public static String describe(int cp) {
        int type = Character.getType(cp);
        // These have no name of their own; the JDK would make one up from the block.
        boolean named = type != Character.PRIVATE_USE && type != Character.SURROGATE && type != Character.UNASSIGNED;
        return String.format(Locale.ROOT, "U+%04X", cp) + (named ? " " + Character.getName(cp) : "");
    }

    /**
     * Whether {@code cp} displays as nothing or as a blank that is not a space: format characters (zero-width
     * space, byte order mark, bidi controls, soft hyphen…), controls, Unicode's other default ignorable code
     * points and blank look-alikes such as U+3164 HANGUL FILLER.
     */
    public static boolean isInvisible(int cp) {
        return ignorable(cp) || blankLookAlike(cp);
    }

    /** White space of any kind, and characters that display as a blank although Unicode calls them letters. */
    private static boolean blank(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || blankLookAlike(cp);
    }

    private static boolean blankLookAlike(int cp) {
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    private static boolean presentationSelector(int cp) {
        return cp == 0xFE0E || cp == 0xFE0F;
    }

    /**
     * Characters that display as nothing: format and control characters, and Unicode's other default
     * ignorable code points (combining grapheme joiner, Khmer inherent vowels, Mongolian and other variation
     * selectors).
     */
    private static boolean ignorable(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT
                || type == Character.CONTROL
                || cp == 0x034F
                || cp == 0x17B4
                || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xE0100 && cp <= 0xE01EF);
    }
}
