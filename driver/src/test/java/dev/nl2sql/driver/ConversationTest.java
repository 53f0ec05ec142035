package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.engine.server.FakeModelServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-up questions: a connection's answered questions and their SQL are the context of its next ones, bounded,
 * forgotten by NL NEW: and by a pool's return, never joined by a failed question, and shown by EXPLAIN NL:.
 */
class ConversationTest {

    private static final String FIRST = "Which customers are there?";
    private static final String FOLLOW_UP = "and only those from Lisbon?";
    private static final String FIRST_SQL = "SELECT name FROM customers";
    private static final String FOLLOW_UP_SQL = "SELECT name FROM customers WHERE city = 'Lisbon'";

    @TempDir
    Path dir;

    @Test
    void aFollowUpIsAnsweredWithTheTurnBeforeIt() throws Exception {
        // the replay file answers the follow-up only in its conversation, in PICARD's CoSQL form
        try (Connection c = connect(replay(FIRST + "\t" + FIRST_SQL, FOLLOW_UP + " || " + FIRST + "\t" + FOLLOW_UP_SQL));
             Statement s = c.createStatement()) {
            assertEquals(List.of("Ada", "Grace", "Alan"), names(s.executeQuery("NL: " + FIRST)));
            try (ResultSet explain = s.executeQuery("EXPLAIN NL: " + FOLLOW_UP)) {
                assertTrue(explain.next());
                String context = explain.getString("conversation");
                assertTrue(context.startsWith(FIRST + " => SELECT"), context);
                assertTrue(context.contains("customers"), context);
            }
            assertEquals(List.of("Ada"), names(s.executeQuery("NL: " + FOLLOW_UP)));
            List<NlConversation.Turn> turns = NlConversation.of(c).turns();
            assertEquals(2, turns.size());
            assertEquals(FIRST, turns.get(0).question());
            assertEquals(FOLLOW_UP, turns.get(1).question());
            assertTrue(turns.get(1).sql().contains("'Lisbon'"), turns.get(1).sql());
            assertEquals(List.of(1, 2), turns.stream().map(NlConversation.Turn::number).toList());
        }
    }

    @Test
    void explainChangesNothingAndAFirstQuestionShowsNoContext() throws Exception {
        try (Connection c = connect(replay(FIRST + "\t" + FIRST_SQL)); Statement s = c.createStatement()) {
            try (ResultSet explain = s.executeQuery("EXPLAIN NL: " + FIRST)) {
                assertTrue(explain.next());
                assertEquals("", explain.getString("conversation"));
            }
            assertTrue(NlConversation.of(c).turns().isEmpty(), "EXPLAIN NL: runs nothing, so it is no turn");
        }
    }

    @Test
    void explainingTheNewestAnswerShowsTheConversationThatAnswerSaw() throws Exception {
        try (Connection c = connect(replay(FIRST + "\t" + FIRST_SQL, FOLLOW_UP + " || " + FIRST + "\t" + FOLLOW_UP_SQL));
             Statement s = c.createStatement()) {
            s.executeQuery("NL: " + FIRST).close();
            s.executeQuery("NL: " + FOLLOW_UP).close();
            // the follow-up is the newest turn: explained, it is asked with the turn before it, not with itself
            try (ResultSet explain = s.executeQuery("EXPLAIN NL: " + FOLLOW_UP)) {
                assertTrue(explain.next());
                assertTrue(explain.getString("sql").contains("'Lisbon'"), explain.getString("sql"));
                String context = explain.getString("conversation");
                assertTrue(context.startsWith(FIRST + " => "), context);
                assertFalse(context.contains(FOLLOW_UP), context);
            }
            // any other question still sees the whole conversation
            try (ResultSet explain = s.executeQuery("EXPLAIN NL: " + FIRST)) {
                assertTrue(explain.next());
                assertTrue(explain.getString("conversation").contains(FOLLOW_UP));
            }
            assertEquals(2, NlConversation.of(c).turns().size());
        }
    }

    @Test
    void nlNewStartsAfreshAndAloneOnlyForgets() throws Exception {
        try (Connection c = connect(replay(FIRST + "\t" + FIRST_SQL, FOLLOW_UP + " || " + FIRST + "\t" + FOLLOW_UP_SQL));
             Statement s = c.createStatement()) {
            s.executeQuery("NL: " + FIRST).close();
            // afresh, the follow-up has no turn before it, and the file has no line for it alone
            SQLException alone = assertThrows(SQLException.class, () -> s.executeQuery("NL NEW: " + FOLLOW_UP));
            assertEquals("42000", alone.getSQLState());
            assertTrue(NlConversation.of(c).turns().isEmpty(), "NL NEW: forgot the turn, and its question failed");

            s.executeQuery("nl new: " + FIRST).close();
            assertEquals(List.of(FIRST), questions(s.executeQuery("NL CONVERSATION:")));
            try (ResultSet explainFresh = s.executeQuery("EXPLAIN NL NEW: " + FIRST)) {
                assertTrue(explainFresh.next());
                assertEquals("", explainFresh.getString("conversation"));
            }
            assertEquals(1, NlConversation.of(c).turns().size(), "EXPLAIN NL NEW: forgets nothing");

            assertTrue(s.execute("NL NEW:"));
            try (ResultSet rows = s.getResultSet()) {
                assertEquals(List.of("turn", "question", "sql", "asked_at", "in_prompt"), columns(rows));
                assertFalse(rows.next());
            }
            s.executeQuery("NL: " + FIRST).close();
            s.executeQuery("NL: " + FOLLOW_UP).close();
            assertEquals(2, s.executeUpdate("NL NEW:"), "executeUpdate counts the turns forgotten");
            assertEquals(0, NlConversation.of(c).reset());
        }
    }

    @Test
    void aFailedQuestionIsNotRemembered() throws Exception {
        try (Connection c = connect(replay(FIRST + "\t" + FIRST_SQL,
                "Which prices are there?\tSELECT price_typo FROM products"));
             Statement s = c.createStatement()) {
            s.executeQuery("NL: " + FIRST).close();
            assertEquals("42000", assertThrows(SQLException.class,
                    () -> s.executeQuery("NL: Which prices are there?")).getSQLState());
            assertEquals("42000", assertThrows(SQLException.class,
                    () -> s.executeQuery("NL: a question the file does not have")).getSQLState());
            assertEquals(List.of(FIRST), questions(s.executeQuery("NL CONVERSATION:")));
        }
    }

    @Test
    void theConversationIsBoundedInTurnsAndCharacters() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            lines.add("Question " + i + "?\tSELECT name FROM customers WHERE id <= " + i);
        }
        Properties p = replay(lines.toArray(String[]::new));
        p.setProperty("nl2sql.conversationTurns", "2");
        try (Connection c = connect(p); Statement s = c.createStatement()) {
            for (int i = 1; i <= 4; i++) {
                s.executeQuery("NL: Question " + i + "?").close();
            }
            List<NlConversation.Turn> turns = NlConversation.of(c).turns();
            assertEquals(List.of("Question 3?", "Question 4?"), turns.stream().map(NlConversation.Turn::question)
                    .toList());
            assertEquals(List.of(3, 4), turns.stream().map(NlConversation.Turn::number).toList());
            try (ResultSet explain = s.executeQuery("EXPLAIN NL: Question 1?")) {
                assertTrue(explain.next());
                assertEquals(2, explain.getString("conversation").lines().count());
            }
        }
        // a character budget that holds one turn: the most recent one stays in the prompt, the older is listed only
        p.setProperty("nl2sql.conversationChars", String.valueOf(("Question 4?SELECT").length() + 60));
        try (Connection c = connect(p); Statement s = c.createStatement()) {
            s.executeQuery("NL: Question 3?").close();
            s.executeQuery("NL: Question 4?").close();
            List<NlConversation.Turn> turns = NlConversation.of(c).turns();
            assertEquals(List.of(false, true), turns.stream().map(NlConversation.Turn::inPrompt).toList());
            try (ResultSet explain = s.executeQuery("EXPLAIN NL: Question 1?")) {
                assertTrue(explain.next());
                String context = explain.getString("conversation");
                assertTrue(context.startsWith("Question 4? => ") && context.lines().count() == 1, context);
            }
        }
    }

    @Test
    void offMakesEveryQuestionStandAlone() throws Exception {
        Properties p = replay(FIRST + "\t" + FIRST_SQL, FOLLOW_UP + " || " + FIRST + "\t" + FOLLOW_UP_SQL);
        p.setProperty("nl2sql.conversation", "off");
        try (Connection c = connect(p); Statement s = c.createStatement()) {
            s.executeQuery("NL: " + FIRST).close();
            assertEquals("42000", assertThrows(SQLException.class, () -> s.executeQuery("NL: " + FOLLOW_UP))
                    .getSQLState());
            assertTrue(NlConversation.of(c).turns().isEmpty());
            assertFalse(s.executeQuery("NL CONVERSATION:").next());
        }
    }

    @Test
    void badSettingsAndMisusedCommandsSayWhatToWrite() throws Exception {
        Properties p = replay(FIRST + "\t" + FIRST_SQL);
        p.setProperty("nl2sql.conversationTurns", "0");
        try (Connection c = connect(p); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + FIRST));
            assertEquals("22023", e.getSQLState());
            assertTrue(e.getMessage().contains("nl2sql.conversationTurns"), e.getMessage());
        }
        try (Connection c = connect(replay(FIRST + "\t" + FIRST_SQL)); Statement s = c.createStatement()) {
            for (String wrong : List.of("EXPLAIN NL CONVERSATION:", "NL CONVERSATION: everything", "EXPLAIN NL NEW:",
                    "NL NEW ON customers: x")) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(wrong), wrong);
                assertEquals("42000", e.getSQLState(), wrong);
                assertTrue(e.getMessage().contains("NL CONVERSATION:") || e.getMessage().contains("NL NEW:"),
                        e.getMessage());
            }
            assertEquals("42000", assertThrows(SQLException.class, () -> s.executeUpdate("NL CONVERSATION:"))
                    .getSQLState());
            assertEquals("42000", assertThrows(SQLException.class, () -> c.prepareStatement("NL CONVERSATION:"))
                    .getSQLState());
        }
    }

    @Test
    void aPreparedQuestionJoinsOnceItRan() throws Exception {
        try (Connection c = connect(replay(FIRST + "\t" + FIRST_SQL, FOLLOW_UP + " || " + FIRST + "\t" + FOLLOW_UP_SQL))) {
            try (PreparedStatement first = c.prepareStatement("NL: " + FIRST)) {
                assertTrue(NlConversation.of(c).turns().isEmpty(), "prepared, not yet run");
                first.executeQuery().close();
                first.executeQuery().close();
            }
            try (PreparedStatement followUp = c.prepareStatement("NL: " + FOLLOW_UP)) {
                assertEquals(List.of("Ada"), names(followUp.executeQuery()));
            }
            assertEquals(List.of(FIRST, FOLLOW_UP), NlConversation.of(c).turns().stream()
                    .map(NlConversation.Turn::question).toList());
        }
    }

    @Test
    void statementsAskingAtOnceKeepEachTurnWhole() throws Exception {
        int questions = 12;
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= questions; i++) {
            lines.add("Customer " + i + "?\tSELECT name FROM customers WHERE id = " + (i % 3 + 1) + " OR " + i
                    + " = " + i);
        }
        Properties p = replay(lines.toArray(String[]::new));
        p.setProperty("nl2sql.conversationTurns", "50");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (Connection c = connect(p)) {
            List<Future<?>> asked = new ArrayList<>();
            for (int i = 1; i <= questions; i++) {
                int n = i;
                asked.add(threads.submit(() -> {
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("NL: Customer " + n + "?").close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : asked) {
                f.get(60, TimeUnit.SECONDS);
            }
            List<NlConversation.Turn> turns = NlConversation.of(c).turns();
            assertEquals(questions, turns.size());
            for (NlConversation.Turn turn : turns) {
                String n = turn.question().replaceAll("\\D", "");
                assertTrue(turn.sql().contains(n + " = " + n), "each question keeps its own SQL: " + turn);
            }
            assertEquals(questions, turns.stream().map(NlConversation.Turn::question).distinct().count());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theServerEngineSeesEarlierTurnsAsChatMessages() throws Exception {
        try (FakeModelServer model = new FakeModelServer().answeringInTurn(FIRST_SQL, FOLLOW_UP_SQL);
             Connection c = DriverManager.getConnection(shop(), server(model));
             Statement s = c.createStatement()) {
            s.executeQuery("NL: " + FIRST).close();
            s.executeQuery("NL: " + FOLLOW_UP).close();
            JsonNode first = model.requests().get(0).get("messages");
            JsonNode second = model.requests().get(1).get("messages");
            assertEquals(2, first.size(), "a first question: the system prompt and the question");
            assertFalse(first.get(0).get("content").asText().contains("earlier questions"));
            assertEquals(List.of("system", "user", "assistant", "user"), roles(second));
            assertTrue(second.get(0).get("content").asText().contains("earlier questions"));
            assertEquals(FIRST, second.get(1).get("content").asText());
            assertTrue(second.get(2).get("content").asText().toLowerCase(java.util.Locale.ROOT).contains("customers"),
                    second.get(2).toString());
            assertEquals(FOLLOW_UP, second.get(3).get("content").asText());
        }
    }

    private Connection connect(Properties p) throws SQLException {
        return DriverManager.getConnection(shop(), p);
    }

    static String shop() {
        return "jdbc:nl2sql:h2:mem:conv" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
    }

    private Properties replay(String... lines) throws Exception {
        Path file = Files.write(dir.resolve("answers-" + UUID.randomUUID() + ".tsv"), List.of(lines),
                StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", file.toString());
        p.setProperty("nl2sql.memory", "off");
        return p;
    }

    private static Properties server(FakeModelServer server) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "server");
        p.setProperty("nl2sql.serverUrl", server.baseUrl());
        p.setProperty("nl2sql.memory", "off");
        return p;
    }

    private static List<String> roles(JsonNode messages) {
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }

    private static List<String> names(ResultSet rs) throws SQLException {
        try (rs) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    private static List<String> questions(ResultSet rs) throws SQLException {
        try (rs) {
            List<String> questions = new ArrayList<>();
            while (rs.next()) {
                questions.add(rs.getString("question"));
            }
            return questions;
        }
    }

    private static List<String> columns(ResultSet rs) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            columns.add(rs.getMetaData().getColumnLabel(i));
        }
        return columns;
    }
}
