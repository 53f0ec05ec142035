package dev.nl2sql.picard.grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an alternation of words as a GBNF character trie: {@code "Song_Name" | "Song_release_year" | "Stadium_ID"}
 * becomes {@code "S" ("ong_" ("Name" | "release_year") | "tadium_ID")}. The language is the same; what changes is
 * llama.cpp's work. Its sampler keeps one parse stack per alternative that could come next, and on each sampled
 * token it rejects it checks every one of the vocabulary's tokens against every stack, so a name position with a
 * hundred names costs a hundred passes over 32,000 tokens; as a trie, it costs one pass per distinct first letter.
 */
final class GbnfTrie {

    /** A word and what must follow it (a GBNF expression, or empty). */
    record Entry(String word, String tail) {
    }

    private GbnfTrie() {
    }

    /** The words as one GBNF expression (an alternation, unparenthesised). */
    static String of(List<String> words) {
        List<Entry> entries = new ArrayList<>();
        for (String w : words) {
            entries.add(new Entry(w, ""));
        }
        return ofEntries(entries);
    }

    /** Words each followed by its own tail, as one GBNF expression. */
    static String ofEntries(List<Entry> entries) {
        Rendered r = render(entries);
        return r.optional ? "(" + r.alternation + ")?" : r.alternation;
    }

    private record Rendered(String alternation, boolean optional) {
    }

    private static Rendered render(List<Entry> entries) {
        List<String> alternatives = new ArrayList<>();
        boolean optional = false;
        Map<Integer, List<Entry>> byFirst = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.word.isEmpty()) {
                if (e.tail.isEmpty()) {
                    optional = true;
                } else {
                    alternatives.add(e.tail);
                }
            } else {
                byFirst.computeIfAbsent(e.word.codePointAt(0), c -> new ArrayList<>()).add(e);
            }
        }
        for (List<Entry> group : byFirst.values()) {
            if (group.size() == 1) {
                Entry e = group.get(0);
                alternatives.add(GbnfLiteral.of(e.word) + (e.tail.isEmpty() ? "" : " " + e.tail));
                continue;
            }
            String prefix = commonPrefix(group);
            List<Entry> rest = new ArrayList<>();
            for (Entry e : group) {
                rest.add(new Entry(e.word.substring(prefix.length()), e.tail));
            }
            Rendered inner = render(rest);
            alternatives.add(GbnfLiteral.of(prefix) + " (" + inner.alternation + ")" + (inner.optional ? "?" : ""));
        }
        return new Rendered(String.join(" | ", alternatives), optional);
    }

    private static String commonPrefix(List<Entry> group) {
        String prefix = group.get(0).word;
        for (Entry e : group) {
            int n = 0;
            while (n < prefix.length() && n < e.word.length() && prefix.charAt(n) == e.word.charAt(n)) {
                n++;
            }
            // never split a surrogate pair
            if (n > 0 && n < prefix.length() && Character.isHighSurrogate(prefix.charAt(n - 1))) {
                n--;
            }
            prefix = prefix.substring(0, n);
        }
        return prefix;
    }
}
