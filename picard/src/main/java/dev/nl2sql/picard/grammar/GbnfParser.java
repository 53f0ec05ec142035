package dev.nl2sql.picard.grammar;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads GBNF text the way llama.cpp's grammar parser does, so that a grammar it accepts here is one llama.cpp accepts
 * too: a rule ends at the end of its line unless the line ends in {@code |} or a group is open; rule names are letters,
 * digits and {@code -}; only the escapes llama.cpp knows are allowed; undefined rules and left recursion (also through
 * rules that may be empty, which llama.cpp's stack machine cannot run) are errors.
 * The result is flattened to {@link Bnf}.
 */
final class GbnfParser {

    private static final int END = -1;
    private static final int UNBOUNDED = -1;

    private final int[] src;
    private int pos;

    private final Map<String, Integer> ruleIds = new LinkedHashMap<>();
    private final List<List<List<Integer>>> alternatives = new ArrayList<>();
    private final BitSet defined = new BitSet();
    private final Map<CharClass, Integer> terminalIds = new HashMap<>();
    private final List<CharClass> terminals = new ArrayList<>();

    private GbnfParser(String text) {
        this.src = text.codePoints().toArray();
    }

    static Bnf parse(String text) {
        return new GbnfParser(text).parseGrammar();
    }

    private Bnf parseGrammar() {
        skipSpace(true);
        while (peek(0) != END) {
            parseRule();
        }
        for (Map.Entry<String, Integer> rule : ruleIds.entrySet()) {
            if (!defined.get(rule.getValue())) {
                throw new IllegalArgumentException("undefined rule: " + rule.getKey());
            }
        }
        Integer root = ruleIds.get("root");
        if (root == null) {
            throw new IllegalArgumentException("grammar has no 'root' rule");
        }
        return BnfChecks.checked(flatten(root));
    }

    private void parseRule() {
        String name = parseName();
        skipSpace(false);
        if (!(peek(0) == ':' && peek(1) == ':' && peek(2) == '=')) {
            throw error("expecting ::=");
        }
        pos += 3;
        skipSpace(true);
        int id = ruleId(name);
        if (defined.get(id)) {
            throw error("rule defined twice: " + name);
        }
        defined.set(id);
        alternatives.get(id).addAll(parseAlternates(name, false));
        if (peek(0) == '\r') {
            pos += peek(1) == '\n' ? 2 : 1;
        } else if (peek(0) == '\n') {
            pos++;
        } else if (peek(0) != END) {
            throw error("expecting newline or end");
        }
        skipSpace(true);
    }

    private List<List<Integer>> parseAlternates(String ruleName, boolean nested) {
        List<List<Integer>> alts = new ArrayList<>();
        alts.add(parseSequence(ruleName, nested));
        while (peek(0) == '|') {
            pos++;
            skipSpace(true);
            alts.add(parseSequence(ruleName, nested));
        }
        return alts;
    }

    private List<Integer> parseSequence(String ruleName, boolean nested) {
        List<Integer> seq = new ArrayList<>();
        int lastSymbolStart = 0;
        while (peek(0) != END) {
            int c = peek(0);
            if (c == '"') {
                pos++;
                lastSymbolStart = seq.size();
                while (peek(0) != '"') {
                    if (peek(0) == END) {
                        throw error("unterminated literal");
                    }
                    seq.add(terminal(CharClass.single(parseChar())));
                }
                pos++;
                skipSpace(nested);
            } else if (c == '[') {
                pos++;
                lastSymbolStart = seq.size();
                seq.add(terminal(parseCharClass()));
                skipSpace(nested);
            } else if (isWordChar(c)) {
                lastSymbolStart = seq.size();
                seq.add(ruleId(parseName()));
                skipSpace(nested);
            } else if (c == '(') {
                pos++;
                skipSpace(true);
                List<List<Integer>> group = parseAlternates(ruleName, true);
                if (peek(0) != ')') {
                    throw error("expecting ')'");
                }
                pos++;
                lastSymbolStart = seq.size();
                seq.add(helperRule(ruleName, group));
                skipSpace(nested);
            } else if (c == '.') {
                pos++;
                lastSymbolStart = seq.size();
                seq.add(terminal(CharClass.any()));
                skipSpace(nested);
            } else if (c == '*' || c == '+' || c == '?') {
                pos++;
                int min = c == '+' ? 1 : 0;
                int max = c == '?' ? 1 : UNBOUNDED;
                lastSymbolStart = repeat(ruleName, seq, lastSymbolStart, min, max);
                skipSpace(nested);
            } else if (c == '{') {
                pos++;
                skipSpace(nested);
                int min = parseInt();
                skipSpace(nested);
                int max = min;
                if (peek(0) == ',') {
                    pos++;
                    skipSpace(nested);
                    max = Character.isDigit(peek(0)) ? parseInt() : UNBOUNDED;
                    skipSpace(nested);
                }
                if (peek(0) != '}') {
                    throw error("expecting '}'");
                }
                pos++;
                lastSymbolStart = repeat(ruleName, seq, lastSymbolStart, min, max);
                skipSpace(nested);
            } else {
                break;
            }
        }
        return seq;
    }

    /** Replaces the last item of {@code seq} by a helper rule deriving it min..max times; returns where it now starts. */
    private int repeat(String ruleName, List<Integer> seq, int lastSymbolStart, int min, int max) {
        if (lastSymbolStart >= seq.size()) {
            throw error("repetition without a preceding item");
        }
        if (max != UNBOUNDED && max < min) {
            throw error("repetition maximum below minimum");
        }
        List<Integer> item = new ArrayList<>(seq.subList(lastSymbolStart, seq.size()));
        seq.subList(lastSymbolStart, seq.size()).clear();
        List<Integer> expansion = new ArrayList<>();
        for (int i = 0; i < min; i++) {
            expansion.addAll(item);
        }
        if (max == UNBOUNDED) {
            // item* as a right-recursive helper: R ::= item R | (empty), as llama.cpp does, never left-recursive
            int star = newRule(ruleName);
            List<Integer> more = new ArrayList<>(item);
            more.add(star);
            alternatives.get(star).add(more);
            alternatives.get(star).add(List.of());
            expansion.add(star);
        } else if (max > min) {
            // nested options: opt_k ::= item opt_(k-1) | (empty), so at most max-min further items
            int inner = -1;
            for (int k = 0; k < max - min; k++) {
                int opt = newRule(ruleName);
                List<Integer> some = new ArrayList<>(item);
                if (inner >= 0) {
                    some.add(inner);
                }
                alternatives.get(opt).add(some);
                alternatives.get(opt).add(List.of());
                inner = opt;
            }
            expansion.add(inner);
        }
        seq.add(expansion.size() == 1 ? expansion.get(0) : helperRule(ruleName, List.of(expansion)));
        return seq.size() - 1;
    }

    private CharClass parseCharClass() {
        boolean negated = false;
        if (peek(0) == '^') {
            negated = true;
            pos++;
        }
        List<Integer> ranges = new ArrayList<>();
        while (peek(0) != ']') {
            if (peek(0) == END) {
                throw error("unterminated character class");
            }
            int lo = parseChar();
            int hi = lo;
            if (peek(0) == '-' && peek(1) != ']') {
                pos++;
                if (peek(0) == END) {
                    throw error("unterminated character range");
                }
                hi = parseChar();
            }
            ranges.add(lo);
            ranges.add(hi);
        }
        pos++;
        return new CharClass(ranges.stream().mapToInt(Integer::intValue).toArray(), negated);
    }

    private int parseChar() {
        int c = peek(0);
        if (c != '\\') {
            pos++;
            return c;
        }
        int escape = peek(1);
        pos += 2;
        return switch (escape) {
            case 'x' -> parseHex(2);
            case 'u' -> parseHex(4);
            case 'U' -> parseHex(8);
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'n' -> '\n';
            case '\\', '"', '[', ']' -> escape;
            default -> throw error("unknown escape");
        };
    }

    private int parseHex(int digits) {
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(peek(0), 16);
            if (peek(0) == END || d < 0) {
                throw error("expecting " + digits + " hex digits");
            }
            value = value * 16 + d;
            pos++;
        }
        return value;
    }

    private int parseInt() {
        int start = pos;
        int value = 0;
        while (peek(0) != END && peek(0) >= '0' && peek(0) <= '9') {
            value = value * 10 + (peek(0) - '0');
            pos++;
        }
        if (pos == start) {
            throw error("expecting number");
        }
        return value;
    }

    private String parseName() {
        int start = pos;
        while (isWordChar(peek(0))) {
            pos++;
        }
        if (pos == start) {
            throw error("expecting name");
        }
        return new String(src, start, pos - start);
    }

    private void skipSpace(boolean newlineOk) {
        while (peek(0) != END) {
            int c = peek(0);
            if (c == '#') {
                while (peek(0) != END && peek(0) != '\r' && peek(0) != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || (newlineOk && (c == '\r' || c == '\n'))) {
                pos++;
            } else {
                break;
            }
        }
    }

    private static boolean isWordChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }

    private int peek(int ahead) {
        int i = pos + ahead;
        return i < src.length ? src[i] : END;
    }

    private int ruleId(String name) {
        Integer id = ruleIds.get(name);
        if (id == null) {
            id = alternatives.size();
            ruleIds.put(name, id);
            alternatives.add(new ArrayList<>());
        }
        return id;
    }

    private int newRule(String baseName) {
        int id = ruleId(baseName + "_" + alternatives.size());
        defined.set(id);
        return id;
    }

    private int helperRule(String baseName, List<List<Integer>> alts) {
        int id = newRule(baseName);
        alternatives.get(id).addAll(alts);
        return id;
    }

    private int terminal(CharClass charClass) {
        return Bnf.terminalSymbol(terminalIds.computeIfAbsent(charClass, c -> {
            terminals.add(c);
            return terminals.size() - 1;
        }));
    }

    private Bnf flatten(int root) {
        List<Integer> lhs = new ArrayList<>();
        List<int[]> rhs = new ArrayList<>();
        for (int rule = 0; rule < alternatives.size(); rule++) {
            for (List<Integer> alt : alternatives.get(rule)) {
                lhs.add(rule);
                rhs.add(alt.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return new Bnf(List.copyOf(ruleIds.keySet()), lhs.stream().mapToInt(Integer::intValue).toArray(),
                rhs.toArray(int[][]::new), terminals.toArray(CharClass[]::new), root);
    }

    private IllegalArgumentException error(String message) {
        int from = Math.min(pos, src.length);
        int to = Math.min(src.length, from + 30);
        return new IllegalArgumentException(message + " at offset " + from + ": " + new String(src, from, to - from));
    }
}
