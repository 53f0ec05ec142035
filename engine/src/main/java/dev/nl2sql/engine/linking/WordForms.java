package dev.nl2sql.engine.linking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The English word forms that linking compares: identifiers split into words ({@code SongReleaseYear},
 * {@code song_release_year}), a small stemmer (plurals and a few suffixes, applied alike to the question and to
 * names, so "countries" meets {@code country} and "located" meets {@code location}), the function words that carry no
 * schema meaning, and hints from question words to the column words they usually mean ("oldest" to {@code age}).
 */
public final class WordForms {

    private WordForms() {
    }

    /** Words that never name a table or column by themselves. */
    static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "into", "and", "or", "not",
            "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "what",
            "which", "who", "whom", "whose", "where", "when", "how", "why", "all", "each", "every", "any", "some",
            "that", "this", "these", "those", "there", "their", "its", "it", "as", "than", "then", "me", "my", "we",
            "our", "us", "you", "your", "i", "he", "she", "his", "her", "they", "them", "also", "both", "either",
            "such", "only", "just", "but", "if", "so", "no", "yes", "s", "t", "please", "can", "could", "would",
            "should", "will", "about", "over", "under", "more", "most", "less", "least", "many", "much", "other",
            "same", "different", "show", "list", "give", "find", "return", "tell", "get", "display", "what's",
            "whats", "per", "among", "one", "ones");

    /** Question words besides the function words that are never database values by themselves. */
    static final Set<String> QUESTION_WORDS = Set.of(
            "name", "names", "number", "numbers", "count", "total", "average", "avg", "mean", "sum", "maximum",
            "minimum", "max", "min", "highest", "lowest", "largest", "smallest", "greater", "larger", "smaller",
            "top", "first", "last", "order", "ordered", "sorted", "sort", "descending", "ascending", "distinct",
            "different", "unique", "value", "values", "record", "records", "id", "ids", "code", "type", "types",
            "year", "years", "date", "time", "between", "equal", "except", "without", "including", "both", "whose");

    /** Question word (stemmed) to the name words (stemmed) it often stands for. */
    static final Map<String, List<String>> HINTS = Map.ofEntries(
            Map.entry("old", List.of("age", "birth", "born", "dob")),
            Map.entry("oldest", List.of("age", "birth", "born", "dob")),
            Map.entry("young", List.of("age", "birth", "born", "dob")),
            Map.entry("youngest", List.of("age", "birth", "born", "dob")),
            Map.entry("older", List.of("age", "birth", "born", "dob")),
            Map.entry("younger", List.of("age", "birth", "born", "dob")),
            Map.entry("born", List.of("birth", "dob")),
            Map.entry("where", List.of("location", "locat", "address", "city", "country", "place")),
            Map.entry("when", List.of("date", "year", "time")),
            Map.entry("long", List.of("length", "duration")),
            Map.entry("longest", List.of("length", "duration")),
            Map.entry("tall", List.of("height")),
            Map.entry("tallest", List.of("height")),
            Map.entry("heavy", List.of("weight")),
            Map.entry("heaviest", List.of("weight")),
            Map.entry("light", List.of("weight")),
            Map.entry("lighter", List.of("weight")),
            Map.entry("lightest", List.of("weight")),
            Map.entry("expensive", List.of("price", "cost", "amount")),
            Map.entry("cheap", List.of("price", "cost", "amount")),
            Map.entry("cheapest", List.of("price", "cost", "amount")),
            Map.entry("cost", List.of("price", "amount")),
            Map.entry("paid", List.of("salary", "pay", "payment", "amount", "wage")),
            Map.entry("earn", List.of("salary", "pay", "wage", "earning")),
            Map.entry("male", List.of("sex", "gender")),
            Map.entry("female", List.of("sex", "gender")),
            Map.entry("big", List.of("size", "area", "capacity")),
            Map.entry("biggest", List.of("size", "area", "capacity")),
            Map.entry("large", List.of("size", "area", "capacity")),
            Map.entry("small", List.of("size", "area", "capacity")),
            Map.entry("popul", List.of("population")),
            Map.entry("live", List.of("city", "address", "country", "resid")),
            Map.entry("speak", List.of("language")),
            Map.entry("call", List.of("name", "title")),
            Map.entry("title", List.of("name")),
            Map.entry("named", List.of("name")),
            Map.entry("phone", List.of("phone", "cell", "tel")),
            Map.entry("email", List.of("email", "mail")));

    /** The words of an identifier: split at underscores, spaces, digits/letters and lower-to-upper case changes. */
    public static List<String> identifierWords(String identifier) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(current, words);
                continue;
            }
            if (current.length() > 0) {
                char prev = identifier.charAt(i - 1);
                boolean lowerToUpper = Character.isUpperCase(c) && Character.isLowerCase(prev);
                // "GNPOld": the last capital of a run starts the next word when a lower-case letter follows
                boolean acronymEnd = Character.isUpperCase(c) && Character.isUpperCase(prev)
                        && i + 1 < identifier.length() && Character.isLowerCase(identifier.charAt(i + 1));
                boolean digitEdge = Character.isDigit(c) != Character.isDigit(prev);
                if (lowerToUpper || acronymEnd || digitEdge) {
                    flush(current, words);
                }
            }
            current.append(c);
        }
        flush(current, words);
        List<String> normalized = new ArrayList<>(words.size());
        for (String w : words) {
            String n = NormalizedText.of(w);
            if (!n.isEmpty()) {
                normalized.add(n);
            }
        }
        return normalized;
    }

    private static void flush(StringBuilder current, List<String> words) {
        if (current.length() > 0) {
            words.add(current.toString());
            current.setLength(0);
        }
    }

    /**
     * A crude, consistent stem: plural endings, then -ion, -ing, -ed, -ly; never shorter than 3 letters. Also the
     * stem of taught questions (engine.memory), so that a question and a table name meet the same way in both.
     */
    public static String stem(String word) {
        String w = word;
        if (w.length() <= 3) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")
                || w.endsWith("zes")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        for (String suffix : new String[] {"ion", "ing", "ed", "ly"}) {
            if (w.endsWith(suffix) && w.length() - suffix.length() >= 3) {
                w = w.substring(0, w.length() - suffix.length());
                // "running" -> "runn" -> "run"
                int n = w.length();
                if (n >= 4 && w.charAt(n - 1) == w.charAt(n - 2) && "aeiou".indexOf(w.charAt(n - 1)) < 0
                        && w.charAt(n - 1) != 's' && w.charAt(n - 1) != 'l') {
                    w = w.substring(0, n - 1);
                }
                break;
            }
        }
        // "located"/"locate"/"location" all end as "locat"
        if (w.endsWith("e") && w.length() > 4) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }
}
