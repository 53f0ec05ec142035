package dev.nl2sql.benchmarks.harness;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The linking columns of one {@code EXPLAIN NL:} row, as any JDBC client reads them. */
record ExplainedLinking(List<String> tables, List<String> columns, List<String> values, double linkingMillis,
        int promptChars, int promptTokens) {

    static ExplainedLinking explain(Connection connection, String question) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // set explicitly: H2 keeps a statement's query timeout for the whole session, so the few seconds that
            // nl2sql gave the previous question's inner statement would otherwise read back as this one's timeout
            s.setQueryTimeout(300);
            return read(s, question);
        }
    }

    private static ExplainedLinking read(Statement s, String question) throws SQLException {
        try (ResultSet rs = s.executeQuery("EXPLAIN NL: " + question)) {
            if (!rs.next()) {
                throw new SQLException("EXPLAIN NL: returned no row");
            }
            return new ExplainedLinking(names(rs.getString("linked_tables")), names(rs.getString("linked_columns")),
                    values(rs.getString("matched_values")), rs.getDouble("linking_ms"), rs.getInt("prompt_chars"),
                    rs.getInt("prompt_tokens"));
        }
    }

    private static List<String> names(String list) {
        return list == null || list.isEmpty() ? List.of() : List.of(list.split(", "));
    }

    /** The values of {@code t.c = 'v', t.c = 'it''s, here'}: split only at commas outside quotes. */
    static List<String> values(String list) {
        List<String> values = new ArrayList<>();
        if (list == null) {
            return values;
        }
        int i = 0;
        while (i < list.length()) {
            int open = list.indexOf(" = '", i);
            if (open < 0) {
                break;
            }
            StringBuilder value = new StringBuilder();
            int j = open + 4;
            while (j < list.length()) {
                char c = list.charAt(j);
                if (c == '\'') {
                    if (j + 1 < list.length() && list.charAt(j + 1) == '\'') {
                        value.append('\'');
                        j += 2;
                        continue;
                    }
                    break;
                }
                value.append(c);
                j++;
            }
            values.add(value.toString());
            i = j + 1;
        }
        return values;
    }
}
