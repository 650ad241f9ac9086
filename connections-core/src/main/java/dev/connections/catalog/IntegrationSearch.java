package dev.connections.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The ranked search behind "Explore all integrations" (B2): an immutable index over a set of
 * integrations that answers a query with the best matches first.
 *
 * <p>Ranking, best first (see {@link MatchKind}): the display name equals the query, starts with it,
 * has a word starting with it, contains it, or has words starting with every word of the query in any
 * order; then an alias or the id starts a word with it; then a category does. Within a rank, results
 * follow {@link #BY_DISPLAY_NAME}. Matching ignores case, accents, punctuation and spaces ({@link
 * #normalize}), so "hub spot", "hubspot", "HubSpot" and "Hub-Spot" all find HubSpot exactly, and
 * camel-case humps of a name count as words ("spot" is a word prefix of "HubSpot"). A query without
 * letters or digits (blank, "-", "!!") returns every integration by display name.
 *
 * <p>Building the index normalises every integration once and records which integrations hold each
 * pair of characters. A query then checks only the integrations holding its rarest character pair
 * (none at all when some pair occurs nowhere), with plain {@code String} comparisons, and needs no
 * sort: the index is already in display-name order and a counting pass groups the ranks. Instances
 * are immutable and thread-safe.
 */
public final class IntegrationSearch {
    /**
     * The longest query {@code Connections.exploreIntegrations} takes, in characters (UTF-16 code units),
     * counted before normalisation; a longer one is a field error on {@code query}. No integration name
     * comes near it, and it bounds the work a public search box can cause.
     */
    public static final int MAX_QUERY_LENGTH = 200;

    /** How well an integration matched a query; declared best first. */
    public enum MatchKind {
        /** The display name equals the query. */
        EXACT,
        /** The display name starts with the query. */
        PREFIX,
        /** A later word of the display name starts with the query. */
        WORD_PREFIX,
        /** The display name contains the query elsewhere. */
        SUBSTRING,
        /** Every word of a multi-word query starts a word of the display name, in any order. */
        ALL_WORDS,
        /** An alias or the id has a word starting with the query. */
        ALIAS,
        /** A category has a word starting with the query. */
        CATEGORY,
        /** The query had no letters or digits, so every integration is listed. */
        EVERYTHING
    }

    /** One search result with the reason it matched. */
    public record Hit(Integration integration, MatchKind kind) {
        public Hit {
            Objects.requireNonNull(integration, "integration");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The order of "Explore all integrations": display name case-insensitively, then id. */
    public static final Comparator<Integration> BY_DISPLAY_NAME = Comparator.comparing(
                    Integration::displayName, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Integration::displayName)
            .thenComparing(Integration::id);

    private static final MatchKind[] KINDS = MatchKind.values();
    private static final int[] NONE = new int[0];

    /**
     * Indexes of immutable lists already seen by {@link #rank}, keyed by identity (weak keys), so the
     * SPI's default {@code search} does not re-normalise a static catalog on every keystroke. An index
     * copies its entries and never references the list, so a list no longer used can be collected.
     */
    private static final Cache<Collection<Integration>, IntegrationSearch> RANK_INDEXES =
            Caffeine.newBuilder().weakKeys().maximumSize(32).build();

    private static final Class<?> IMMUTABLE_LIST_SMALL = List.of(1).getClass();
    private static final Class<?> IMMUTABLE_LIST_N = List.of(1, 2, 3).getClass();

    private final Entry[] entries;
    /** Entry positions (ascending) holding each character pair, over every searchable field. */
    private final Map<Integer, int[]> pairPostings;
    /** Entry positions (ascending) holding each character, for one-letter query words. */
    private final Map<Character, int[]> charPostings;

    private final int[] allPositions;
    private final List<Integration> sorted;

    private IntegrationSearch(Collection<Integration> integrations) {
        List<Integration> copy = new ArrayList<>(integrations.size());
        for (Integration integration : integrations) {
            copy.add(Objects.requireNonNull(integration, "integration"));
        }
        copy.sort(BY_DISPLAY_NAME);
        this.sorted = List.copyOf(copy);
        this.entries = new Entry[sorted.size()];
        Map<Integer, IntList> pairs = new HashMap<>();
        Map<Character, IntList> chars = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new Entry(sorted.get(i));
            for (Folded field : entries[i].fields()) {
                String text = field.compact;
                for (int c = 0; c < text.length(); c++) {
                    chars.computeIfAbsent(text.charAt(c), k -> new IntList()).addOnce(i);
                    if (c + 1 < text.length()) {
                        pairs.computeIfAbsent(pair(text, c), k -> new IntList()).addOnce(i);
                    }
                }
            }
        }
        this.allPositions = IntStream.range(0, entries.length).toArray();
        this.pairPostings = new HashMap<>(pairs.size() * 2);
        pairs.forEach((key, list) -> pairPostings.put(key, list.toArray()));
        this.charPostings = new HashMap<>(chars.size() * 2);
        chars.forEach((key, list) -> charPostings.put(key, list.toArray()));
    }

    /** An index over {@code integrations}; duplicates are kept as given (catalogs reject them). */
    public static IntegrationSearch over(Collection<Integration> integrations) {
        Objects.requireNonNull(integrations, "integrations");
        return new IntegrationSearch(integrations);
    }

    /**
     * Ranks {@code integrations} for {@code query}: shorthand for {@code over(integrations).search(query)}.
     * The index of an immutable list ({@code List.of}, {@code List.copyOf}, {@code Stream.toList}) is
     * kept while the list lives, so calling this repeatedly with the same catalog list is cheap.
     */
    public static List<Integration> rank(Collection<Integration> integrations, String query) {
        Objects.requireNonNull(integrations, "integrations");
        Objects.requireNonNull(query, "query");
        Class<?> type = integrations.getClass();
        if (type == IMMUTABLE_LIST_SMALL || type == IMMUTABLE_LIST_N) {
            return RANK_INDEXES.get(integrations, IntegrationSearch::new).search(query);
        }
        return new IntegrationSearch(integrations).search(query);
    }

    /** Every indexed integration, by {@link #BY_DISPLAY_NAME}. */
    public List<Integration> all() {
        return sorted;
    }

    /** How many integrations the index holds. */
    public int size() {
        return sorted.size();
    }

    /** The integrations matching {@code query}, best first; a query without letters or digits gives all. */
    public List<Integration> search(String query) {
        Query q = Query.of(query);
        if (q.isEmpty()) {
            return sorted;
        }
        return ranked(q, Integration[]::new, (integration, kind) -> integration);
    }

    /** Like {@link #search} but says why each integration matched. */
    public List<Hit> hits(String query) {
        Query q = Query.of(query);
        if (q.isEmpty()) {
            return sorted.stream().map(i -> new Hit(i, MatchKind.EVERYTHING)).toList();
        }
        return ranked(q, Hit[]::new, Hit::new);
    }

    /** How {@code integration} matches {@code query}, if it does; independent of any index. */
    public static Optional<MatchKind> match(Integration integration, String query) {
        Query q = Query.of(query);
        if (q.isEmpty()) {
            return Optional.of(MatchKind.EVERYTHING);
        }
        return Optional.ofNullable(new Entry(integration).match(q));
    }

    /**
     * The text search compares: lower case, accents and compatibility forms removed (NFKD), a few
     * letters without decomposition folded ("ß" → "ss", "ø" → "o"), and every run of other characters
     * turned into one space; camel-case humps become words. {@code "Hub-Spot Ünïcode"} → {@code "hub
     * spot unicode"}, {@code "HubSpot"} → {@code "hub spot"}.
     */
    public static String normalize(String text) {
        Folded folded = Folded.of(text);
        StringBuilder out = new StringBuilder(folded.compact.length() + folded.wordStarts.length);
        for (int w = 0; w < folded.wordStarts.length; w++) {
            int end = w + 1 < folded.wordStarts.length ? folded.wordStarts[w + 1] : folded.compact.length();
            if (w > 0) {
                out.append(' ');
            }
            out.append(folded.compact, folded.wordStarts[w], end);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "IntegrationSearch[" + sorted.size() + " integrations]";
    }

    /**
     * Matches every entry, then lays the matches out rank by rank. Entries are in display-name order, so
     * a counting sort over the ranks keeps each rank sorted without comparing names.
     */
    private <T> List<T> ranked(Query q, IntFunction<T[]> newArray, BiFunction<Integration, MatchKind, T> as) {
        int[] candidates = candidates(q);
        byte[] kinds = new byte[candidates.length];
        int[] counts = new int[KINDS.length + 1];
        for (int c = 0; c < candidates.length; c++) {
            MatchKind kind = entries[candidates[c]].match(q);
            int k = kind == null ? 0 : kind.ordinal() + 1;
            kinds[c] = (byte) k;
            counts[k]++;
        }
        int[] next = new int[KINDS.length + 1];
        int matched = 0;
        for (int k = 1; k < counts.length; k++) {
            next[k] = matched;
            matched += counts[k];
        }
        T[] out = newArray.apply(matched);
        for (int c = 0; c < candidates.length; c++) {
            int k = kinds[c];
            if (k != 0) {
                Entry entry = entries[candidates[c]];
                out[next[k]++] = as.apply(entry.integration, KINDS[k - 1]);
            }
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /**
     * The entries that can match, ascending: every match holds each word of the query somewhere in
     * its fields (a substring match holds the whole query, an all-words match each word), so it holds
     * every character pair inside a query word. The shortest posting list of those pairs bounds the
     * work; a pair no entry holds means nothing matches.
     */
    private int[] candidates(Query q) {
        int[] best = null;
        for (String word : q.words()) {
            if (word.length() == 1) {
                best = shorter(best, charPostings.get(word.charAt(0)));
            }
            for (int c = 0; c + 1 < word.length(); c++) {
                best = shorter(best, pairPostings.get(pair(word, c)));
            }
            if (best != null && best.length == 0) {
                break;
            }
        }
        // No words means no letters or digits; callers list everything before asking, but stay correct.
        return best == null ? allPositions : best;
    }

    private static int[] shorter(int @Nullable [] best, int @Nullable [] postings) {
        if (postings == null) {
            return NONE;
        }
        return best == null || postings.length < best.length ? postings : best;
    }

    private static int pair(String text, int at) {
        return (text.charAt(at) << 16) | text.charAt(at + 1);
    }

    /** A growable list of ascending entry positions. */
    private static final class IntList {
        private int[] values = new int[4];
        private int size;

        void addOnce(int value) {
            if (size > 0 && values[size - 1] == value) {
                return; // the same entry holds the pair twice
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A normalised query: the compact form (no spaces) and its words. */
    private record Query(Folded folded, String[] words, long mask) {
        static Query of(String text) {
            Objects.requireNonNull(text, "query");
            // Humps split names, not queries: "HubSpot" and "HUBSPOT" must ask the same question.
            Folded folded = Folded.of(text, false);
            String[] words = new String[folded.wordStarts.length];
            for (int w = 0; w < words.length; w++) {
                int end = w + 1 < words.length ? folded.wordStarts[w + 1] : folded.compact.length();
                words[w] = folded.compact.substring(folded.wordStarts[w], end);
            }
            return new Query(folded, words, folded.mask);
        }

        boolean isEmpty() {
            return folded.compact.isEmpty();
        }

        String compact() {
            return folded.compact;
        }
    }

    /** One integration's precomputed search keys. */
    private static final class Entry {
        final Integration integration;
        final Folded name;
        final Folded[] aliases;
        final Folded[] categories;
        /** Union of every field's characters: a query with a character outside it cannot match at all. */
        final long mask;

        Entry(Integration integration) {
            this.integration = integration;
            this.name = Folded.of(integration.displayName());
            List<Folded> aliasKeys = new ArrayList<>();
            aliasKeys.add(Folded.of(integration.id().value()));
            integration.aliases().forEach(alias -> aliasKeys.add(Folded.of(alias)));
            this.aliases = aliasKeys.toArray(Folded[]::new);
            this.categories = integration.categories().stream().map(Folded::of).toArray(Folded[]::new);
            long all = name.mask;
            for (Folded alias : aliases) {
                all |= alias.mask;
            }
            for (Folded category : categories) {
                all |= category.mask;
            }
            this.mask = all;
        }

        /** Every searchable field: the name, the id and aliases, the categories. */
        List<Folded> fields() {
            List<Folded> fields = new ArrayList<>(1 + aliases.length + categories.length);
            fields.add(name);
            fields.addAll(Arrays.asList(aliases));
            fields.addAll(Arrays.asList(categories));
            return fields;
        }

        @Nullable
        MatchKind match(Query q) {
            if ((q.mask() & ~mask) != 0) {
                return null;
            }
            String compact = q.compact();
            if ((q.mask() & ~name.mask) == 0) {
                if (name.compact.startsWith(compact)) {
                    return name.compact.length() == compact.length() ? MatchKind.EXACT : MatchKind.PREFIX;
                }
                if (name.startsWordWith(compact, 1)) {
                    return MatchKind.WORD_PREFIX;
                }
                if (name.compact.contains(compact)) {
                    return MatchKind.SUBSTRING;
                }
                if (q.words().length > 1 && allWordsStartWords(q)) {
                    return MatchKind.ALL_WORDS;
                }
            }
            for (Folded alias : aliases) {
                if (alias.startsWordWith(compact, 0)) {
                    return MatchKind.ALIAS;
                }
            }
            for (Folded category : categories) {
                if (category.startsWordWith(compact, 0)) {
                    return MatchKind.CATEGORY;
                }
            }
            return null;
        }

        private boolean allWordsStartWords(Query q) {
            for (String word : q.words()) {
                if (!name.startsWordWith(word, 0)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A text folded for comparison: {@code compact} holds its letters and digits in lower case without
     * spaces, {@code wordStarts} the offsets in {@code compact} where a word begins.
     */
    private static final class Folded {
        final String compact;
        final int[] wordStarts;
        final long mask;

        private Folded(String compact, int[] wordStarts, long mask) {
            this.compact = compact;
            this.wordStarts = wordStarts;
            this.mask = mask;
        }

        static Folded of(String text) {
            return of(text, true);
        }

        static Folded of(String text, boolean splitHumps) {
            String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
            StringBuilder compact = new StringBuilder(decomposed.length());
            int[] starts = new int[8];
            int words = 0;
            boolean inWord = false;
            boolean previousLower = false;
            long mask = 0;
            for (int i = 0; i < decomposed.length(); ) {
                int cp = decomposed.codePointAt(i);
                i += Character.charCount(cp);
                int type = Character.getType(cp);
                if (type == Character.NON_SPACING_MARK
                        || type == Character.ENCLOSING_MARK
                        || type == Character.COMBINING_SPACING_MARK) {
                    continue; // accents: transparent, they neither add a letter nor split a word
                }
                String fold = fold(cp);
                if (fold == null && !Character.isLetterOrDigit(cp)) {
                    inWord = false;
                    previousLower = false;
                    continue;
                }
                boolean upper = Character.isUpperCase(cp) || Character.isTitleCase(cp);
                if (!inWord || (splitHumps && previousLower && upper)) {
                    if (words == starts.length) {
                        starts = Arrays.copyOf(starts, words * 2);
                    }
                    starts[words++] = compact.length();
                }
                inWord = true;
                previousLower = Character.isLowerCase(cp);
                String lower = fold != null ? fold : new String(Character.toChars(Character.toLowerCase(cp)));
                compact.append(lower);
                for (int j = 0; j < lower.length(); j++) {
                    mask |= bit(lower.charAt(j));
                }
            }
            return new Folded(compact.toString(), Arrays.copyOf(starts, words), mask);
        }

        /** Whether a word at or after word number {@code fromWord} starts with {@code part}. */
        boolean startsWordWith(String part, int fromWord) {
            for (int w = fromWord; w < wordStarts.length; w++) {
                if (compact.startsWith(part, wordStarts[w])) {
                    return true;
                }
            }
            return false;
        }

        /** Letters NFKD leaves whole that readers still treat as their base letters. */
        private static @Nullable String fold(int cp) {
            return switch (cp) {
                case 'ß', 'ẞ' -> "ss";
                case 'æ', 'Æ' -> "ae";
                case 'œ', 'Œ' -> "oe";
                case 'ø', 'Ø' -> "o";
                case 'ł', 'Ł' -> "l";
                case 'đ', 'Đ', 'ð', 'Ð' -> "d";
                case 'þ', 'Þ' -> "th";
                case 'ı' -> "i";
                case 'ς' -> "σ";
                default -> null;
            };
        }

        private static long bit(char c) {
            if (c >= 'a' && c <= 'z') {
                return 1L << (c - 'a');
            }
            if (c >= '0' && c <= '9') {
                return 1L << (26 + c - '0');
            }
            return 1L << (36 + c % 28);
        }
    }
}
