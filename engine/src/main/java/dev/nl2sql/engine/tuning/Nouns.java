package dev.nl2sql.engine.tuning;

import dev.nl2sql.engine.linking.WordForms;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Schema names as words in a question: {@code Song_release_year} is "song release year", table {@code singer} is
 * "singer", its plural "singers". English plurals by the common rules and a few irregular words; a name that already
 * reads as a plural ({@code people}, {@code orders}) is kept as the plural and singularised.
 */
final class Nouns {

    private static final Map<String, String> IRREGULAR = Map.of("person", "people", "child", "children",
            "man", "men", "woman", "women", "mouse", "mice", "foot", "feet", "tooth", "teeth");

    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");

    private Nouns() {
    }

    /** Free text as lower-case words separated by single spaces: "What's the age?" is "what s the age". */
    static String plainWords(String text) {
        return NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /** The words of a name, lower case, separated by spaces. */
    static String words(String name) {
        List<String> words = WordForms.identifierWords(name);
        return words.isEmpty() ? name.toLowerCase(Locale.ROOT) : String.join(" ", words);
    }

    /** The singular of a table's name as words ("orders" is "order"). */
    static String singular(String tableName) {
        String words = words(tableName);
        int cut = words.lastIndexOf(' ') + 1;
        return words.substring(0, cut) + singularWord(words.substring(cut));
    }

    /** The plural of a table's name as words ("singer" is "singers", "people" stays). */
    static String plural(String tableName) {
        String words = words(tableName);
        int cut = words.lastIndexOf(' ') + 1;
        return words.substring(0, cut) + pluralWord(singularWord(words.substring(cut)));
    }

    private static String pluralWord(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.endsWith("s") || word.endsWith("x") || word.endsWith("z") || word.endsWith("ch")
                || word.endsWith("sh")) {
            return word + "es";
        }
        if (word.endsWith("y") && word.length() > 1 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        return word + "s";
    }

    private static String singularWord(String word) {
        for (Map.Entry<String, String> e : IRREGULAR.entrySet()) {
            if (e.getValue().equals(word)) {
                return e.getKey();
            }
        }
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 4 && (word.endsWith("ches") || word.endsWith("shes") || word.endsWith("sses")
                || word.endsWith("xes"))) {
            return word.substring(0, word.length() - 2);
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")
                && !word.endsWith("is")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
