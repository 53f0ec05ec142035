package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NlAnswerWarningTest {

    /** Clients print the message as one line; the fields keep the text as it was asked and run. */
    @Test
    void theMessageIsOneLineAndTheFieldsAreKeptAsTheyAre() {
        NlAnswerWarning w = new NlAnswerWarning("How many singers\r\nare there?\nINFO forged line",
                "SELECT COUNT(*)\nFROM \"singer\"\n  ORDER BY 1", "select count(*) from singer", "t5", 12, 40, 9, 1);
        assertEquals("nl2sql: t5 answered \"How many singers are there? INFO forged line\" with: "
                + "SELECT COUNT(*) FROM \"singer\" ORDER BY 1", w.getMessage());
        assertEquals("01000", w.getSQLState());
        assertEquals("SELECT COUNT(*)\nFROM \"singer\"\n  ORDER BY 1", w.sql());
        assertEquals("How many singers\r\nare there?\nINFO forged line", w.question());
    }
}
