package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recognizer on small hand-written grammars: each GBNF feature, and the grammars llama.cpp refuses or cannot run
 * (left recursion, also through a rule that may be empty, loops its stack machine).
 */
class GbnfRecognizerTest {

    @Test
    void literalMatchesExactlyItself() {
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= \"ab\"");
        assertTrue(g.matches("ab"));
        assertFalse(g.matches("a"));
        assertFalse(g.matches("abc"));
        assertFalse(g.matches(""));
        assertTrue(g.isViablePrefix(""));
        assertTrue(g.isViablePrefix("a"));
        assertFalse(g.isViablePrefix("b"));
        assertFalse(g.isViablePrefix("abc"));
    }

    @Test
    void literalEscapes() {
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= \"a\\\"b\\\\c\\n\\t\\x41\\u00e9\\U0001F600\"");
        assertTrue(g.matches("a\"b\\c\n\tA\u00e9\uD83D\uDE00"));
        assertFalse(g.matches("a\"b\\c\\n\\tA\u00e9\uD83D\uDE00"));
    }

    @Test
    void characterClassesWithRangesNegationAndEscapes() {
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= [a-cx] [^0-9] [-z] [\\]\\[] [a-]");
        assertTrue(g.matches("bQ-]a"));
        assertTrue(g.matches("x z[-"));
        assertFalse(g.matches("dQ-]a"), "d is outside a-c and x");
        assertFalse(g.matches("b5-]a"), "a digit is excluded");
        assertFalse(g.matches("bQy]a"), "[-z] is '-' or 'z', not a range");
        assertFalse(g.matches("bQ-]b"), "[a-] is 'a' or '-'");
    }

    @Test
    void dotMatchesAnyCharacterButOnlyOne() {
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= \"<\" . \">\"");
        assertTrue(g.matches("<\n>"));
        assertTrue(g.matches("<\u00e9>"));
        assertFalse(g.matches("<>"));
        assertFalse(g.matches("<ab>"));
    }

    @Test
    void repetitionAppliesToTheWholePrecedingLiteral() {
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= \"ab\"* \"c\"+ \"d\"?");
        assertTrue(g.matches("c"));
        assertTrue(g.matches("ababccd"));
        assertTrue(g.matches("abc"));
        assertFalse(g.matches("aabc"));
        assertFalse(g.matches("abd"));
        assertFalse(g.matches("ccdd"));
        assertFalse(g.matches(""));
    }

    @Test
    void countedRepetition() {
        GbnfRecognizer between = GbnfRecognizer.parse("root ::= \"x\"{2,3}");
        assertFalse(between.matches("x"));
        assertTrue(between.matches("xx"));
        assertTrue(between.matches("xxx"));
        assertFalse(between.matches("xxxx"));
        GbnfRecognizer atLeast = GbnfRecognizer.parse("root ::= [0-9]{2,}");
        assertFalse(atLeast.matches("1"));
        assertTrue(atLeast.matches("12345"));
        GbnfRecognizer exactly = GbnfRecognizer.parse("root ::= (\"a\" | \"b\"){3}");
        assertTrue(exactly.matches("aba"));
        assertFalse(exactly.matches("ab"));
    }

    @Test
    void groupsAlternativesCommentsAndContinuationLines() {
        GbnfRecognizer g = GbnfRecognizer.parse("""
                # a greeting to one or more names
                root ::= greeting (" " name)+   # trailing comment
                greeting ::= "hi" |
                  "hello"
                name ::= [A-Z] [a-z]* (
                  "!" |
                  "?"
                )?
                """);
        assertTrue(g.matches("hi Ann"));
        assertTrue(g.matches("hello Ann Bo! C?"));
        assertFalse(g.matches("hello"));
        assertFalse(g.matches("hey Ann"));
        assertFalse(g.matches("hi ann"));
    }

    @Test
    void emptyAlternativesAndNullableRules() {
        GbnfRecognizer g = GbnfRecognizer.parse("""
                root ::= a b "c"
                a ::= | "a"
                b ::= a a
                """);
        assertTrue(g.matches("c"));
        assertTrue(g.matches("ac"));
        assertTrue(g.matches("aaac"));
        assertFalse(g.matches("aaaac"));
    }

    @Test
    void deepNestingNeedsNoDeepStack() {
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= \"(\" root \")\" | \"x\"");
        String deep = "(".repeat(2000) + "x" + ")".repeat(2000);
        assertTrue(g.matches(deep));
        assertFalse(g.matches(deep + ")"));
        assertTrue(g.isViablePrefix("(".repeat(2000)));
    }

    @Test
    void highlyAmbiguousGrammarsStayPolynomial() {
        // a backtracking matcher tries exponentially many splits of the x's; Earley shares them
        GbnfRecognizer g = GbnfRecognizer.parse("""
                root ::= part* "y"
                part ::= "x" | "x" "x" | "x" "x" "x"
                """);
        String manyX = "x".repeat(300);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertTrue(g.matches(manyX + "y"));
            assertFalse(g.matches(manyX + "z"));
        });
    }

    @Test
    void codePointsBeyondTheBasicPlaneAreSingleCharacters() {
        GbnfRecognizer g = GbnfRecognizer.parse("root ::= [\\U0001F600-\\U0001F64F] \"!\"");
        assertTrue(g.matches("\uD83D\uDE03!"));
        assertFalse(g.matches("a!"));
    }

    @Test
    void aRuleThatCanNeverFinishLeavesNoViablePrefix() {
        GbnfRecognizer g = GbnfRecognizer.parse("""
                root ::= "a" loop | "b"
                loop ::= "x" loop
                """);
        assertTrue(g.matches("b"));
        assertFalse(g.isViablePrefix("a"));
        assertTrue(g.isViablePrefix(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "root ::= missing",
        "start ::= \"a\"",
        "root ::= root \"a\" | \"a\"",
        "root ::= opt root \"a\" | \"b\"\nopt ::= \"x\" |",
        "root ::= \"\\q\"",
        "root ::= \"open",
        "root ::= [a-",
        "root ::= \"a\"\n  | \"b\"",
        "root ::= \"a\" |\nb ::= \"b\"",
        "root ::= (\"a\"?)* \"b\"",
        "root ::= \"a\" \"b\" )",
        "root ::= * \"a\"",
        "root = \"a\"",
        "root ::= \"a\"\nroot ::= \"b\"",
        "root_1 ::= \"a\"",
    })
    void refusesGrammarsLlamaCppCannotRun(String gbnf) {
        assertThrows(IllegalArgumentException.class, () -> GbnfRecognizer.parse(gbnf), gbnf);
    }
}
