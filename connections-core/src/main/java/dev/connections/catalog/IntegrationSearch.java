package dev.connections.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ranked search behind "Explore all integrations" (B2): an immutable index over a set of
 * integrations that answers a query with the best matches first.
 *
 * <p>Ranking, best first (see {@link MatchKind}): the display name equals the query, starts with it,
 * has a word starting with it, contains it, or has words starting with every word of the query in any
 * order; then an alias or the id starts a word with it; then a category does. Within a rank, results
 * follow {@link #BY_DISPLAY_NAME}. Matching ignores case, accents, punctuation and spaces ({@link
 * #normalize}), so "hub spot", "hubspot", "HubSpot" and "Hub-Spot" all find HubSpot exactly, and
 * camel-case humps count as words ("spot" is a word prefix of "HubSpot"). A query without letters or
 * digits (blank, "-", "!!") returns every integration by display name.
 *
 * <p>Every integration's normalised keys are computed once when the index is built, so a query costs
 * one pass of plain {@code char} comparisons, skipping most entries after one bit-mask test, and no
 * sort. Instances are immutable and thread-safe.
 */
public final class IntegrationSearch {

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
    private final List<Integration> sorted;

    private IntegrationSearch(Collection<Integration> integrations) {
        List<Integration> copy = new ArrayList<>(integrations.size());
        for (Integration integration : integrations) {
            copy.add(Objects.requireNonNull(integration, "integration"));
        }
        copy.sort(BY_DISPLAY_NAME);
        this.sorted = List.copyOf(copy);
        this.entries = new Entry[sorted.size()];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new Entry(sorted.get(i));
        }
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
        List<List<Integration>> buckets = bucketsFor(q, Hit::integration);
        return concat(buckets);
    }

    /** Like {@link #search} but says why each integration matched. */
    public List<Hit> hits(String query) {
        Query q = Query.of(query);
        if (q.isEmpty()) {
            return sorted.stream().map(i -> new Hit(i, MatchKind.EVERYTHING)).toList();
        }
        return concat(bucketsFor(q, hit -> hit));
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

    private <T> List<List<T>> bucketsFor(Query q, Function<Hit, T> as) {
        List<List<T>> buckets = new ArrayList<>(KINDS.length);
        for (int k = 0; k < KINDS.length; k++) {
            buckets.add(new ArrayList<>());
        }
        // Entries are in display-name order, so appending to per-rank buckets leaves each bucket sorted.
        for (Entry entry : entries) {
            MatchKind kind = entry.match(q);
            if (kind != null) {
                buckets.get(kind.ordinal()).add(as.apply(new Hit(entry.integration, kind)));
            }
        }
        return buckets;
    }

    private static <T> List<T> concat(List<List<T>> buckets) {
        int size = 0;
        for (List<T> bucket : buckets) {
            size += bucket.size();
        }
        List<T> out = new ArrayList<>(size);
        buckets.forEach(out::addAll);
        return List.copyOf(out);
    }

    /** A normalised query: the compact form (no spaces) and its words. */
    private record Query(Folded folded, String[] words, long mask) {
        static Query of(String text) {
            Objects.requireNonNull(text, "query");
            Folded folded = Folded.of(text);
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
                if (!inWord || (previousLower && upper)) {
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
        private static String fold(int cp) {
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
