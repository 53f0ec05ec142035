package dev.nl2sql.engine.schema;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The schema as a model reads it: one line per table or view, then one line per foreign key, e.g.
 *
 * <pre>
 * customers(id INT primary key, name VARCHAR, city VARCHAR e.g. 'Lisbon', 'Porto') -- people who buy
 * orders(id INT primary key, customer_id INT, total DECIMAL)
 * view top_customers(name VARCHAR, total DECIMAL)
 * orders.customer_id -&gt; customers.id
 * </pre>
 *
 * Names are written as the target database needs them ({@link IdentifierStyle#write}); types are short generic
 * names (INT, VARCHAR, DECIMAL, ...). Column comments follow the type as {@code /* ... *&#47;}, table comments end the
 * line after {@code --}. To stay within {@code maxChars} it drops, in this order, sample values, then comments, then
 * whole tables from the end (with the foreign keys that name them); it never cuts a line.
 */
public final class SchemaPrompt {

    private SchemaPrompt() {
    }

    public static String render(DbSchema schema, IdentifierStyle style, int maxChars) {
        if (maxChars <= 0) {
            return "";
        }
        for (int level = 0; level < 2; level++) {
            boolean samples = level == 0;
            String text = join(tableLines(schema, style, samples, true), fkLines(schema, style));
            if (text.length() <= maxChars) {
                return text;
            }
        }
        // Neither samples nor remarks: keep the longest prefix of tables (and their foreign keys) that fits.
        List<String> tables = tableLines(schema, style, false, false);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < schema.tables().size(); i++) {
            index.put(schema.tables().get(i).name(), i);
        }
        List<ForeignKey> fks = schema.foreignKeys();
        List<String> fkText = fkLines(schema, style);
        for (int k = tables.size(); k >= 0; k--) {
            List<String> lines = new ArrayList<>(tables.subList(0, k));
            for (int f = 0; f < fks.size(); f++) {
                if (index.getOrDefault(fks.get(f).fromTable(), Integer.MAX_VALUE) < k
                        && index.getOrDefault(fks.get(f).toTable(), Integer.MAX_VALUE) < k) {
                    lines.add(fkText.get(f));
                }
            }
            String text = String.join("\n", lines);
            if (text.length() <= maxChars) {
                return text;
            }
        }
        return "";
    }

    private static String join(List<String> tables, List<String> fks) {
        List<String> all = new ArrayList<>(tables);
        all.addAll(fks);
        return String.join("\n", all);
    }

    private static List<String> tableLines(DbSchema schema, IdentifierStyle style, boolean samples,
            boolean remarks) {
        List<String> lines = new ArrayList<>();
        for (DbTable t : schema.tables()) {
            lines.add(tableLine(t, style, samples, remarks));
        }
        return lines;
    }

    /** A table's line without sample values or comments: the shortest form in which {@link #render} shows it. */
    public static String bareTableLine(DbTable table, IdentifierStyle style) {
        return tableLine(table, style, false, false);
    }

    private static String tableLine(DbTable t, IdentifierStyle style, boolean samples, boolean remarks) {
        StringBuilder sb = new StringBuilder();
        if (t.kind() == DbTable.Kind.VIEW) {
            sb.append("view ");
        }
        sb.append(style.write(t.name())).append('(');
        boolean singlePk = t.primaryKey().size() == 1;
        List<String> items = new ArrayList<>();
        for (DbColumn c : t.columns()) {
            StringBuilder col = new StringBuilder(style.write(c.name())).append(' ').append(shortType(c));
            if (singlePk && t.primaryKey().get(0).equals(c.name())) {
                col.append(" primary key");
            }
            if (remarks && c.remarks() != null) {
                col.append(" /* ").append(oneLine(c.remarks()).replace("*/", "* /")).append(" */");
            }
            if (samples && !c.sampleValues().isEmpty()) {
                col.append(" e.g. ").append(c.sampleValues().stream()
                        .map(v -> "'" + oneLine(v).replace("'", "''") + "'")
                        .collect(Collectors.joining(", ")));
            }
            items.add(col.toString());
        }
        if (t.primaryKey().size() > 1) {
            items.add("primary key(" + t.primaryKey().stream().map(style::write)
                    .collect(Collectors.joining(", ")) + ")");
        }
        sb.append(String.join(", ", items)).append(')');
        if (remarks && t.remarks() != null) {
            sb.append(" -- ").append(oneLine(t.remarks()));
        }
        return sb.toString();
    }

    private static List<String> fkLines(DbSchema schema, IdentifierStyle style) {
        List<String> lines = new ArrayList<>();
        for (ForeignKey fk : schema.foreignKeys()) {
            lines.add(foreignKeyLine(fk, style));
        }
        return lines;
    }

    /** A foreign key's line, {@code orders.customer_id -> customers.id}. */
    public static String foreignKeyLine(ForeignKey fk, IdentifierStyle style) {
        return side(fk.fromTable(), fk.fromColumns(), style) + " -> " + side(fk.toTable(), fk.toColumns(), style);
    }

    private static String side(String table, List<String> columns, IdentifierStyle style) {
        String t = style.write(table);
        if (columns.size() == 1) {
            return t + "." + style.write(columns.get(0));
        }
        return t + "(" + columns.stream().map(style::write).collect(Collectors.joining(", ")) + ")";
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** A short, generic type name a model knows. */
    static String shortType(DbColumn c) {
        return switch (c.type()) {
            case TINYINT, SMALLINT, INTEGER -> "INT";
            case BIGINT -> "BIGINT";
            case REAL, FLOAT, DOUBLE -> "DOUBLE";
            case NUMERIC, DECIMAL -> "DECIMAL";
            case CHAR, NCHAR, VARCHAR, NVARCHAR, LONGVARCHAR, LONGNVARCHAR, CLOB, NCLOB -> "VARCHAR";
            case BOOLEAN, BIT -> "BOOLEAN";
            case DATE -> "DATE";
            case TIME, TIME_WITH_TIMEZONE -> "TIME";
            case TIMESTAMP, TIMESTAMP_WITH_TIMEZONE -> "TIMESTAMP";
            case BINARY, VARBINARY, LONGVARBINARY, BLOB -> "BLOB";
            default -> c.typeName() == null || c.typeName().isBlank() ? "ANY"
                    : c.typeName().toUpperCase(Locale.ROOT).replaceAll("\\s+", "_");
        };
    }
}
