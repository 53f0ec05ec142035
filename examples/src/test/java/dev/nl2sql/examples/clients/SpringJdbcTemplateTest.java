package dev.nl2sql.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Spring's JdbcTemplate: prepareStatement + setMaxRows + setQueryTimeout, so a question is written at prepare time. */
class SpringJdbcTemplateTest {

    @ParameterizedTest
    @EnumSource(ClientDatabase.Kind.class)
    void plainSqlAndQuestionsThroughJdbcTemplate(ClientDatabase.Kind kind) throws Exception {
        try (ClientDatabase db = ClientDatabase.open(kind)) {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(db.url);
            dataSource.setConnectionProperties(ClientDatabase.modelProperties());
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.setQueryTimeout(60);

            assertEquals(3, jdbc.queryForObject("SELECT COUNT(*) FROM " + db.customers, Integer.class));
            assertEquals("Grace", jdbc.queryForObject("SELECT name FROM " + db.customers + " WHERE id = ?",
                    String.class, 2));

            jdbc.setMaxRows(1);
            assertEquals(1, jdbc.queryForList("SELECT name FROM " + db.customers).size());

            jdbc.setMaxRows(2);
            List<Map<String, Object>> answer = jdbc.queryForList("NL: list the customers and their cities");
            assertTrue(answer.size() <= 2, "the client's row limit holds for questions: " + answer.size());
            for (Map<String, Object> row : answer) {
                assertFalse(row.isEmpty());
            }
        }
    }
}
