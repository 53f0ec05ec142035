package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Example questions for a database, made from its own tables, columns and values, so that a new user sees what they
 * might ask of this database (not of a sample): how many rows a table has, rows per value of a column whose values
 * repeat, the rows with its most common value, an average of a measure, rows per year of a date. Values come from
 * small grouped queries, each bounded in time, all together within {@link #BUDGET}.
 */
final class ExampleQuestions {

    static final int MAX_EXAMPLES = 5;
    static final Duration BUDGET = Duration.ofSeconds(10);
    private static final int TABLES_SAMPLED = 4;
    private static final int MAX_VALUE_CHARS = 40;
    private static final Logger log = LoggerFactory.getLogger(ExampleQuestions.class);

    private final Connection connection;
    private final String quote;
    private final Clock clock;

    ExampleQuestions(Connection connection, String quote, Clock clock) {
        this.connection = connection;
        this.quote = quote == null || quote.isBlank() ? "" : quote.strip();
        this.clock = clock;
    }

    List<String> from(List<SchemaCatalog.Table> tables) {
        Instant deadline = clock.instant().plus(BUDGET);
        List<String> examples = new ArrayList<>();
        List<SchemaCatalog.Table> sampled = tables.stream().filter(t -> !t.columns().isEmpty())
                .limit(TABLES_SAMPLED).toList();
        if (!sampled.isEmpty()) {
            examples.add("How many " + words(sampled.get(0).name()) + " are there?");
        }
        for (SchemaCatalog.Table table : sampled) {
            for (SchemaCatalog.Column column : table.columns()) {
                if (column.kind() != ColumnKind.TEXT || column.key() || clock.instant().isAfter(deadline)) {
                    continue;
                }
                String common = mostCommonRepeatedValue(table, column);
                if (common != null) {
                    examples.add("How many " + words(table.name()) + " are there per " + words(column.name()) + "?");
                    examples.add("Which " + words(table.name()) + " have " + words(column.name()) + " " + common + "?");
                    break;
                }
            }
            if (examples.size() >= 3) {
                break;
            }
        }
        for (SchemaCatalog.Table table : sampled) {
            SchemaCatalog.Column measure = table.columns().stream()
                    .filter(c -> c.kind() == ColumnKind.NUMBER && !c.key() && !looksLikeAnId(c.name()))
                    .findFirst().orElse(null);
            if (measure != null) {
                examples.add("What is the average " + words(measure.name()) + " of " + words(table.name()) + "?");
                break;
            }
        }
        for (SchemaCatalog.Table table : sampled) {
            SchemaCatalog.Column date = table.columns().stream().filter(c -> c.kind() == ColumnKind.TIME)
                    .findFirst().orElse(null);
            if (date != null) {
                examples.add("How many " + words(table.name()) + " are there per year of " + words(date.name()) + "?");
                break;
            }
        }
        return examples.stream().distinct().limit(MAX_EXAMPLES).toList();
    }

    /** The column's most common value if it occurs more than once (a category, not a name), else null. */
    private String mostCommonRepeatedValue(SchemaCatalog.Table table, SchemaCatalog.Column column) {
        String c = quoted(column.name());
        String sql = "SELECT " + c + ", COUNT(*) FROM " + quoted(table.name()) + " WHERE " + c + " IS NOT NULL GROUP BY "
                + c + " ORDER BY COUNT(*) DESC";
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(2);
            s.setMaxRows(1);
            try (ResultSet rs = s.executeQuery(sql)) {
                if (rs.next() && rs.getLong(2) > 1) {
                    String value = rs.getString(1);
                    return value != null && !value.isBlank() && value.length() <= MAX_VALUE_CHARS ? value.strip() : null;
                }
            }
        } catch (SQLException e) {
            log.debug("No example value from {}.{}: {}", table.name(), column.name(), e.getMessage());
        }
        return null;
    }

    private String quoted(String name) {
        return quote + name.replace(quote.isEmpty() ? "\u0000" : quote, quote + quote) + quote;
    }

    private static boolean looksLikeAnId(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int length = name.length();
        return n.equals("id") || n.endsWith("_id") || n.endsWith("id") && length > 2
                && Character.isUpperCase(name.charAt(length - 2)) && Character.isLowerCase(name.charAt(length - 3));
    }

    /** {@code ORDER_ITEMS} or {@code orderItems} → {@code order items}. */
    static String words(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').strip().toLowerCase(Locale.ROOT);
    }
}
