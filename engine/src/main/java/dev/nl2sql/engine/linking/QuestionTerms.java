package dev.nl2sql.engine.linking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words of a question as name matching uses them: the stems of its content words, the stems of adjacent word
 * pairs written together ("home town" for {@code hometown}), and the name words its hint words point to ("oldest" to
 * {@code age}, "1980" to {@code year}).
 */
record QuestionTerms(Set<String> stems, Set<String> hints) {

    static QuestionTerms of(String question) {
        List<String> words = NormalizedText.words(question);
        Set<String> stems = new LinkedHashSet<>();
        Set<String> hints = new LinkedHashSet<>();
        List<String> content = new ArrayList<>();
        for (String w : words) {
            for (String key : new String[] {w, WordForms.stem(w)}) {
                List<String> hinted = WordForms.HINTS.get(key);
                if (hinted != null) {
                    hinted.forEach(h -> hints.add(WordForms.stem(h)));
                }
            }
            if (w.length() == 4 && w.chars().allMatch(Character::isDigit) && w.compareTo("1800") >= 0
                    && w.compareTo("2100") <= 0) {
                hints.add("year"); // "in 1980": a year, so probably a year or date column
                hints.add("date");
            }
            if (!WordForms.FUNCTION_WORDS.contains(w)) {
                content.add(w);
                stems.add(WordForms.stem(w));
            }
        }
        for (int i = 0; i + 1 < content.size(); i++) {
            stems.add(WordForms.stem(content.get(i) + content.get(i + 1)));
        }
        hints.removeAll(stems);
        return new QuestionTerms(Set.copyOf(stems), Set.copyOf(hints));
    }
}
