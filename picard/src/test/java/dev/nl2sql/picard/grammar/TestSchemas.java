package dev.nl2sql.picard.grammar;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.JDBCType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Schemas the grammar tests query, with names stored the way each database stores them. */
public final class TestSchemas {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(as:)?([^}]+)}");

    private TestSchemas() {
    }

    /**
     * A shop. Plain names are stored folded as the database folds unquoted names (upper case for H2 and ANSI, lower
     * case otherwise); {@code Order Items} and {@code Unit Price} were created quoted, and {@code group} and
     * {@code order} are reserved words.
     */
    public static DbSchema shop(IdentifierStyle style) {
        UnaryOperator<String> stored = style == IdentifierStyle.H2 || style == IdentifierStyle.ANSI
                ? n -> n.toUpperCase(Locale.ROOT) : n -> n;
        return shop(stored);
    }

    /** The shop with every plain name stored exactly as given by {@code stored}. */
    public static DbSchema shop(UnaryOperator<String> stored) {
        DbTable customers = table(stored.apply("customers"), List.of(
                intColumn(stored.apply("id")), textColumn(stored.apply("name")), textColumn(stored.apply("email")),
                textColumn(stored.apply("city")), column(stored.apply("created_at"), JDBCType.TIMESTAMP)));
        DbTable products = table(stored.apply("products"), List.of(
                intColumn(stored.apply("id")), textColumn(stored.apply("name")),
                column(stored.apply("price"), JDBCType.DECIMAL), textColumn(stored.apply("category")),
                textColumn(stored.apply("group"))));
        DbTable orders = table(stored.apply("orders"), List.of(
                intColumn(stored.apply("id")), intColumn(stored.apply("customer_id")),
                column(stored.apply("order_date"), JDBCType.DATE), textColumn(stored.apply("status")),
                column(stored.apply("total"), JDBCType.DECIMAL)));
        DbTable orderItems = table("Order Items", List.of(
                intColumn(stored.apply("order")), intColumn(stored.apply("product_id")),
                intColumn(stored.apply("quantity")), column("Unit Price", JDBCType.DECIMAL)));
        return new DbSchema("shop", List.of(customers, products, orders, orderItems), List.of(
                new ForeignKey(orders.name(), List.of(stored.apply("customer_id")), customers.name(),
                        List.of(stored.apply("id"))),
                new ForeignKey(orderItems.name(), List.of(stored.apply("order")), orders.name(),
                        List.of(stored.apply("id"))),
                new ForeignKey(orderItems.name(), List.of(stored.apply("product_id")), products.name(),
                        List.of(stored.apply("id")))));
    }

    /** Spider's concert_singer, names in their original mixed case (as SQLite and MariaDB keep them). */
    public static DbSchema concertSinger() {
        DbTable stadium = table("stadium", List.of(intColumn("Stadium_ID"), textColumn("Location"),
                textColumn("Name"), intColumn("Capacity"), intColumn("Highest"), intColumn("Lowest"),
                intColumn("Average")));
        DbTable singer = table("singer", List.of(intColumn("Singer_ID"), textColumn("Name"), textColumn("Country"),
                textColumn("Song_Name"), textColumn("Song_release_year"), intColumn("Age"), textColumn("Is_male")));
        DbTable concert = table("concert", List.of(intColumn("concert_ID"), textColumn("concert_Name"),
                textColumn("Theme"), intColumn("Stadium_ID"), textColumn("Year")));
        DbTable singerInConcert = table("singer_in_concert", List.of(intColumn("concert_ID"),
                intColumn("Singer_ID")));
        return new DbSchema("concert_singer", List.of(stadium, singer, concert, singerInConcert), List.of(
                new ForeignKey("concert", List.of("Stadium_ID"), "stadium", List.of("Stadium_ID")),
                new ForeignKey("singer_in_concert", List.of("concert_ID"), "concert", List.of("concert_ID")),
                new ForeignKey("singer_in_concert", List.of("Singer_ID"), "singer", List.of("Singer_ID"))));
    }

    /** {@code tables} tables of {@code columnsEach} columns, for timing. */
    public static DbSchema wide(int tables, int columnsEach) {
        List<DbTable> all = new ArrayList<>();
        for (int t = 0; t < tables; t++) {
            List<DbColumn> columns = new ArrayList<>();
            columns.add(intColumn("id"));
            for (int c = 1; c < columnsEach; c++) {
                columns.add(textColumn("attribute_" + t + "_" + c));
            }
            all.add(table("table_" + t, columns));
        }
        return new DbSchema("wide", all, List.of());
    }

    /**
     * The query with each {@code {name}} replaced by how the style writes that table or column of the schema, and
     * each {@code {as:name}} by the name quoted as an output alias.
     */
    public static String sql(String template, DbSchema schema, IdentifierStyle style) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String written = m.group(1) != null ? style.quoted(m.group(2)) : style.write(storedName(schema, m.group(2)));
            m.appendReplacement(out, Matcher.quoteReplacement(written));
        }
        return m.appendTail(out).toString();
    }

    private static String storedName(DbSchema schema, String name) {
        for (DbTable table : schema.tables()) {
            if (table.name().equalsIgnoreCase(name)) {
                return table.name();
            }
            for (DbColumn column : table.columns()) {
                if (column.name().equalsIgnoreCase(name)) {
                    return column.name();
                }
            }
        }
        throw new IllegalArgumentException("no table or column " + name + " in " + schema.name());
    }

    private static DbTable table(String name, List<DbColumn> columns) {
        return new DbTable(name, DbTable.Kind.TABLE, null, columns, List.of(columns.get(0).name()));
    }

    private static DbColumn intColumn(String name) {
        return column(name, JDBCType.INTEGER);
    }

    private static DbColumn textColumn(String name) {
        return column(name, JDBCType.VARCHAR);
    }

    private static DbColumn column(String name, JDBCType type) {
        return new DbColumn(name, type, type.getName(), true, null, List.of());
    }
}
