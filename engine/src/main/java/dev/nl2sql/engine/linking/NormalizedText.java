package dev.nl2sql.engine.linking;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text as linking compares it: lower case, accents removed, every run of characters that is neither a letter nor a
 * digit turned into one space. "São Paulo!" and "sao  paulo" are the same; "O'Neil" becomes "o neil" on both sides.
 */
final class NormalizedText {

    private NormalizedText() {
    }

    static String of(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        boolean pendingSpace = false;
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(cp)) {
                if (pendingSpace && sb.length() > 0) {
                    sb.append(' ');
                }
                pendingSpace = false;
                sb.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
            } else {
                pendingSpace = true;
            }
        }
        return sb.toString();
    }

    /** The normalized words of a text, in order. */
    static List<String> words(String text) {
        String normalized = of(text);
        List<String> words = new ArrayList<>();
        int start = 0;
        while (start < normalized.length()) {
            int end = normalized.indexOf(' ', start);
            if (end < 0) {
                end = normalized.length();
            }
            words.add(normalized.substring(start, end));
            start = end + 1;
        }
        return words;
    }
}
