package dev.nl2sql.engine.memory;

import dev.nl2sql.engine.linking.WordForms;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a question is read for retrieval of taught pairs.
 *
 * <p>{@link #terms}: the words that decide similarity. Phrases that say the same SQL intent in different words
 * become one marker ("how many", "number of", "count" are all {@code ~count}; "more than", "above", "over" are
 * {@code ~gt}), because paraphrases of one query differ mostly there; values are kept as words and also marked
 * ({@code ~num}, {@code ~str}, {@code ~name}), so "older than 30" still meets "older than 40" through the marker
 * while the same value counts more; function words go, and the rest is stemmed (plurals, -ing, -ed).
 *
 * <p>{@link #key}: the question itself, for {@link PairIndex#nearExact}: every word and value kept in order, only
 * case, accents, punctuation, articles and plural endings ignored.
 */
final class QuestionText {

    /** Marks an intent phrase; removed from the input first, so no user text can forge a marker. */
    private static final char MARK = '~';

    /**
     * Intent phrases, in order (longer phrases before the words inside them). Plain English of SQL intent, nothing of
     * any one schema.
     */
    private static final List<Rewrite> PHRASES = List.of(
            new Rewrite("\\bfrom (the )?(highest|largest|most|oldest|biggest|greatest|latest) to (the )?"
                    + "(lowest|smallest|least|youngest|earliest)\\b|\\bdescending\\b|\\bdecreasing\\b", "desc"),
            new Rewrite("\\bfrom (the )?(lowest|smallest|least|youngest|earliest) to (the )?"
                    + "(highest|largest|most|oldest|biggest|greatest|latest)\\b|\\bascending\\b|\\bincreasing\\b"
                    + "|\\balphabetical\\w*\\b", "asc"),
            new Rewrite("\\bhow many\\b|\\bnumber of\\b|\\bcount of\\b|\\bcount\\b|\\bhow much\\b", "count"),
            new Rewrite("\\bfor each\\b|\\beach\\b|\\bevery\\b|\\bper\\b|\\bfor all\\b", "each"),
            new Rewrite("\\bnot\\b|\\bno\\b|\\bwithout\\b|\\bnever\\b|\\bexcept\\b|n't\\b|\\bnone\\b", "not"),
            new Rewrite("\\bmore than\\b|\\bgreater than\\b|\\blarger than\\b|\\bhigher than\\b|\\babove\\b|\\bover\\b"
                    + "|\\bbigger than\\b|\\bexceed\\w*\\b|\\bolder than\\b|\\blonger than\\b|\\bafter\\b", "gt"),
            new Rewrite("\\bless than\\b|\\bfewer than\\b|\\bsmaller than\\b|\\blower than\\b|\\bbelow\\b|\\bunder\\b"
                    + "|\\byounger than\\b|\\bshorter than\\b|\\bbefore\\b", "lt"),
            new Rewrite("\\bthe most\\b|\\bmost\\b|\\bhighest\\b|\\blargest\\b|\\bmaximum\\b|\\bmax\\b|\\bgreatest\\b"
                    + "|\\bbiggest\\b|\\btop\\b", "most"),
            new Rewrite("\\bthe least\\b|\\bleast\\b|\\blowest\\b|\\bsmallest\\b|\\bminimum\\b|\\bmin\\b|\\bfewest\\b",
                    "least"),
            new Rewrite("\\baverage\\b|\\bmean\\b|\\bavg\\b", "avg"),
            new Rewrite("\\btotal\\b|\\bsum\\b|\\bcombined\\b", "sum"),
            new Rewrite("\\bdifferent\\b|\\bdistinct\\b|\\bunique\\b", "distinct"),
            new Rewrite("\\bordered\\b|\\bsorted\\b|\\border\\b|\\bsort\\b|\\brank\\w*\\b", "order"));

    /** Words that say nothing about which query is meant (the intent words are markers by now). */
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "into", "and", "or", "is",
            "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "what", "which",
            "who", "whom", "whose", "where", "when", "how", "why", "all", "any", "some", "that", "this", "these",
            "those", "there", "their", "its", "it", "as", "than", "then", "me", "my", "we", "our", "us", "you",
            "your", "i", "he", "she", "his", "her", "they", "them", "also", "both", "either", "such", "only", "just",
            "but", "if", "so", "yes", "s", "t", "please", "can", "could", "would", "should", "will", "about", "more",
            "less", "many", "much", "other", "same", "show", "list", "give", "find", "return", "tell", "get",
            "display", "whats", "among", "one", "ones");

    /** Words the near-exact key ignores: they never change which rows are meant. */
    private static final Set<String> KEY_FILLER = Set.of("a", "an", "the", "please");

    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(^|\\s)'([^']*)'");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");
    private static final Pattern TOKEN = Pattern.compile("~[a-z]+|\\d+(?:\\.\\d+)?|[\\p{L}\\p{N}]+");
    private static final Pattern WORD = Pattern.compile("\\d+(?:\\.\\d+)?|[\\p{L}\\p{N}]+");
    private static final Pattern CAPITALISED = Pattern.compile("\\b\\p{Lu}[\\p{L}\\p{N}]*");

    private QuestionText() {
    }

    private record Rewrite(Pattern pattern, String replacement) {
        Rewrite(String regex, String marker) {
            this(Pattern.compile(regex), " " + MARK + marker + " ");
        }
    }

    /**
     * The retrieval terms of a question. {@code schemaWords} (the stemmed words of the schema's table and column
     * names, or null without a schema) tells a capitalised name that is a value ("Paris") from one that names the
     * schema ("Singer"): only the former is marked {@code ~name}. Without a schema no capitalised word is marked.
     */
    static List<String> terms(String question, Set<String> schemaWords) {
        String text = plain(question).replace(MARK, ' ');
        List<String> markers = new ArrayList<>();
        if (schemaWords != null) {
            Matcher capital = CAPITALISED.matcher(text);
            boolean first = true;
            while (capital.find()) {
                // The first word is capitalised because it starts the sentence.
                boolean sentenceStart = first && text.substring(0, capital.start()).isBlank();
                first = false;
                String word = capital.group().toLowerCase(Locale.ROOT);
                if (!sentenceStart && !schemaWords.contains(stem(word)) && !STOP_WORDS.contains(word)) {
                    markers.add(MARK + "name");
                }
            }
        }
        String s = " " + text.toLowerCase(Locale.ROOT) + " ";
        s = DOUBLE_QUOTED.matcher(s).replaceAll(m -> " " + MARK + "str " + Matcher.quoteReplacement(m.group(1)) + " ");
        s = SINGLE_QUOTED.matcher(s).replaceAll(m -> m.group(1) + MARK + "str " + Matcher.quoteReplacement(m.group(2))
                + " ");
        s = NUMBER.matcher(s).replaceAll(m -> " " + MARK + "num " + m.group() + " ");
        for (Rewrite r : PHRASES) {
            s = r.pattern().matcher(s).replaceAll(r.replacement());
        }
        List<String> terms = new ArrayList<>();
        Matcher token = TOKEN.matcher(s);
        while (token.find()) {
            String t = token.group();
            if (t.charAt(0) == MARK || Character.isDigit(t.charAt(0))) {
                terms.add(t);
            } else if (!STOP_WORDS.contains(t)) {
                terms.add(stem(t));
            }
        }
        terms.addAll(markers);
        return terms;
    }

    /** The near-exact key: every word and value in order; case, accents, punctuation, articles, plurals aside. */
    static String key(String question) {
        StringBuilder key = new StringBuilder();
        Matcher word = WORD.matcher(plain(question).toLowerCase(Locale.ROOT));
        while (word.find()) {
            String w = word.group();
            if (KEY_FILLER.contains(w)) {
                continue;
            }
            if (key.length() > 0) {
                key.append(' ');
            }
            key.append(Character.isDigit(w.charAt(0)) ? w : stem(w));
        }
        return key.toString();
    }

    /** Accents removed ("São" is "Sao"), so a question typed without them still meets the taught one. */
    private static String plain(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    static String stem(String word) {
        return WordForms.stem(word);
    }
}
