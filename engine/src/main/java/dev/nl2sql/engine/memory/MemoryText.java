package dev.nl2sql.engine.memory;

import dev.nl2sql.engine.linking.WordForms;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** How taught text is compared and put into prompts. */
final class MemoryText {

    /** Words too common to tie a note to a question. */
    private static final Set<String> STOP = Set.of("the", "and", "for", "are", "was", "were", "with", "that", "this",
            "what", "which", "who", "whom", "how", "many", "much", "all", "any", "each", "every", "from", "into", "than",
            "then", "there", "their", "have", "has", "had", "does", "did", "not", "but", "its", "our", "your", "you",
            "means", "mean", "give", "show", "list", "find", "get", "tell", "number", "count");

    private MemoryText() {
    }

    /** Lower case, accents and punctuation gone, words separated by one space. */
    static String normalise(String text) {
        String plain = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** The content words of a text, stemmed as schema linking stems them, so "orders" meets "order". */
    static Set<String> contentWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String w : normalise(text.replace('_', ' ')).split(" ")) {
            if (w.length() >= 3 && !STOP.contains(w)) {
                words.add(WordForms.stem(w));
            }
        }
        return words;
    }

    /**
     * Taught text on one line, control characters gone and at most {@code max} characters: inside the prompt it can
     * only ever be one item of a list, never a line that looks like the prompt's own structure.
     */
    static String oneLine(String text, int max) {
        String line = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }
}
