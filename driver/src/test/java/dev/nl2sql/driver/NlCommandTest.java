package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NlCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "NL: how many customers are there?",
        "nl: how many customers are there?",
        "Nl:how many customers are there?",
        "  \n\t NL:   how many customers are there?  ",
        "-- Metabase:: userID: 1 queryType: native queryHash: 3b1f\nNL: how many customers are there?",
        "/* from a BI tool */ NL: how many customers are there?",
        "-- one\n-- two\n/* three */\n  nl: how many customers are there?",
    })
    void recognisesQuestions(String sql) {
        NlCommand command = NlCommand.parse(sql);
        assertEquals("how many customers are there?", command.question());
        assertFalse(command.explain());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "EXPLAIN NL: top products",
        "explain nl:top products",
        "  Explain /* why */ NL:  top products",
        "-- remark\nEXPLAIN\n  NL: top products",
    })
    void recognisesExplain(String sql) {
        NlCommand command = NlCommand.parse(sql);
        assertEquals("top products", command.question());
        assertTrue(command.explain());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM nl",
        "select nl from nl where nl = 1",
        "SELECT 'NL: not a question'",
        "INSERT INTO nl VALUES (1)",
        "NL :spaced colon is not ours",
        "NLX: no",
        "EXPLAIN SELECT * FROM nl",
        "EXPLAINNL: glued",
        "/* unterminated NL: comment",
        "-- NL: only a comment",
        "",
        "   ",
    })
    void leavesEverythingElseAlone(String sql) {
        assertNull(NlCommand.parse(sql));
    }

    @Test
    void keepsQuestionMarksAndSemicolons() {
        assertEquals("sales after 10:30; per day?", NlCommand.parse("NL: sales after 10:30; per day?").question());
    }

    @Test
    void nullIsNotAQuestion() {
        assertNull(NlCommand.parse(null));
    }
}
