package dev.nl2sql.examples.ask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AskTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int ask(String... args) {
        return Ask.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void plainSqlRunsOnTheSampleShop() {
        assertEquals(0, ask("--sql", "SELECT country, COUNT(*) AS customers FROM customers GROUP BY country "
                + "ORDER BY country"));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.startsWith("COUNTRY     | CUSTOMERS\n"), table);
        assertTrue(table.contains("Portugal    | 6"), table);
        assertTrue(table.endsWith("(7 rows)\n"), table);
    }

    @Test
    void errorsAreReportedWithTheirSqlState() {
        assertEquals(1, ask("--sql", "SELECT nope FROM customers"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error [42S22]:"), err.toString());
    }

    @Test
    void withoutTextItShowsHowToUseIt() {
        assertEquals(2, ask());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Usage:"));
    }
}
