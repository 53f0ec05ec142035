package dev.nl2sql.examples.dashboard;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A result as CSV (RFC 4180): a header line of column names, then one line per row, lines ending in CRLF, a field
 * quoted when it holds a comma, a quote or a line break, quotes doubled. A text cell that a spreadsheet would run as a
 * formula (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so an opened export
 * cannot run what someone stored in the database; numbers stay numbers. NULL is an empty field.
 */
final class CsvExport {

    static final String CONTENT_TYPE = "text/csv; charset=utf-8; header=present";

    private CsvExport() {
    }

    /** Writes the header and rows to {@code out} as they are formatted, without holding the whole file. */
    static void write(List<QueryResult.Column> columns, List<Object[]> rows, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(field(columns.get(i).name()));
        }
        writer.write("\r\n");
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    writer.write(',');
                }
                Object value = row[i];
                if (value instanceof Number || value instanceof Boolean) {
                    writer.write(value.toString());
                } else if (value != null) {
                    writer.write(field(value.toString()));
                }
            }
            writer.write("\r\n");
        }
        writer.flush();
    }

    /** One text field, defused and quoted as needed. */
    static String field(String text) {
        String safe = startsLikeAFormula(text) ? "'" + text : text;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static boolean startsLikeAFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
