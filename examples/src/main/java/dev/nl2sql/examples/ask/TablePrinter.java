package dev.nl2sql.examples.ask;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Prints a result set as an aligned text table, the way a terminal user expects to read it. */
final class TablePrinter {

    private static final int MAX_ROWS = 1000;
    private static final int MAX_WIDTH = 60;

    private TablePrinter() {
    }

    static void print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int columns = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns];
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            header[c] = md.getColumnLabel(c + 1);
            widths[c] = header[c].length();
        }
        boolean more = false;
        while (rs.next()) {
            if (rows.size() == MAX_ROWS) {
                more = true;
                break;
            }
            String[] row = new String[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = cell(rs.getString(c + 1));
                widths[c] = Math.max(widths[c], row[c].length());
            }
            rows.add(row);
        }
        line(header, widths, out);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        out.println(rule);
        for (String[] row : rows) {
            line(row, widths, out);
        }
        out.println("(" + rows.size() + (more ? "+" : "") + " row" + (rows.size() == 1 ? "" : "s") + ")");
    }

    private static String cell(String value) {
        if (value == null) {
            return "NULL";
        }
        String flat = value.replace('\n', ' ');
        return flat.length() > MAX_WIDTH ? flat.substring(0, MAX_WIDTH - 1) + "…" : flat;
    }

    private static void line(String[] cells, int[] widths, PrintStream out) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            line.append(c == 0 ? "" : " | ").append(String.format("%-" + widths[c] + "s", cells[c]));
        }
        out.println(line.toString().stripTrailing());
    }
}
