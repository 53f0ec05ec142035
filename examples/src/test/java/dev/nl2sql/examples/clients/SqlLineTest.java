package dev.nl2sql.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sqlline.SqlLine;

/** SQLLine, headless, as a user runs it with a script: plain SQL and a question through jdbc:nl2sql:. */
class SqlLineTest {

    @ParameterizedTest
    @EnumSource(ClientDatabase.Kind.class)
    void runsPlainSqlAndQuestions(ClientDatabase.Kind kind, @TempDir Path dir) throws Exception {
        try (ClientDatabase db = ClientDatabase.open(kind)) {
            Path script = Files.writeString(dir.resolve("session.sql"), String.join("\n",
                    "SELECT name, city FROM " + db.customers + " WHERE id = 2;",
                    "NL: how many customers live in each city?;",
                    "!quit", ""));
            // sqlline passes no driver properties of its own: the nl2sql settings come as system properties.
            Map<Object, Object> settings = ClientDatabase.modelProperties();
            settings.forEach((k, v) -> System.setProperty((String) k, (String) v));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            SqlLine.Status status;
            try {
                SqlLine sqlline = new SqlLine();
                sqlline.setOutputStream(new PrintStream(out, true, StandardCharsets.UTF_8));
                sqlline.setErrorStream(new PrintStream(err, true, StandardCharsets.UTF_8));
                status = sqlline.begin(new String[] {"-u", db.url, "-n", "", "-p", "",
                        "--outputFormat=csv", "--maxWidth=200", "--run=" + script}, null,
                        false);
            } finally {
                settings.keySet().forEach(k -> System.clearProperty((String) k));
            }
            String shown = out.toString(StandardCharsets.UTF_8);
            String errors = err.toString(StandardCharsets.UTF_8);
            assertEquals(SqlLine.Status.OK, status, shown + errors);
            List<String> lines = shown.lines().filter(l -> !l.isBlank()).toList();
            // CSV output: the SQL's header and its one row, then the question's header and rows
            assertEquals("'Grace','Porto'", lines.get(1), shown);
            assertTrue(lines.get(0).equalsIgnoreCase("'name','city'"), shown);
            assertTrue(lines.size() >= 3 && lines.get(2).startsWith("'"), "the question's result follows: " + shown);
            assertFalse(errors.contains("Error"), errors);
        }
    }
}
