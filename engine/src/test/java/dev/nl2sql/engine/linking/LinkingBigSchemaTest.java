package dev.nl2sql.engine.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.JDBCType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a schema of 600 look-alike tables (20 modules of the same 30 entities), a question names its module, tables and
 * a value: linking keeps those tables, not the hundreds that share a word with the question.
 */
class LinkingBigSchemaTest {

    private static final String[] MODULES = {"sales", "retail", "hr", "finance", "logistics", "crm", "marketing",
        "support", "billing", "procurement", "legal", "research", "health", "travel", "media", "sports", "energy",
        "insurance", "banking", "telecom"};
    private static final String[] ENTITIES = {"region", "site", "department", "employee", "customer", "supplier",
        "category", "brand", "product", "warehouse", "stock_level", "order", "order_line", "invoice", "payment",
        "shipment", "carrier", "route", "project", "task", "contract", "campaign", "lead", "ticket", "asset",
        "vendor", "purchase", "budget", "review", "event"};
    /** Each entity's parent (index into ENTITIES), or -1. */
    private static final int[] PARENT = {-1, 0, 1, 2, 0, 0, -1, 5, 7, 1, 8, 4, 11, 4, 13, 11, -1, 16, 2, 18, 5, 7,
        21, 4, 1, 0, 25, 2, 8, 1};

    private static DbColumn column(String name, JDBCType type) {
        return new DbColumn(name, type, type.getName(), true, null, List.of());
    }

    private static DbSchema schema() {
        List<DbTable> tables = new ArrayList<>();
        List<ForeignKey> fks = new ArrayList<>();
        for (String module : MODULES) {
            for (int e = 0; e < ENTITIES.length; e++) {
                List<DbColumn> columns = new ArrayList<>(List.of(column("id", JDBCType.INTEGER),
                        column("name", JDBCType.VARCHAR), column("code", JDBCType.VARCHAR),
                        column("status", JDBCType.VARCHAR), column("city", JDBCType.VARCHAR),
                        column("created_on", JDBCType.DATE), column("amount", JDBCType.DECIMAL)));
                if (PARENT[e] >= 0) {
                    columns.add(column(ENTITIES[PARENT[e]] + "_id", JDBCType.INTEGER));
                    fks.add(new ForeignKey(module + "_" + ENTITIES[e], List.of(ENTITIES[PARENT[e]] + "_id"),
                            module + "_" + ENTITIES[PARENT[e]], List.of("id")));
                }
                tables.add(new DbTable(module + "_" + ENTITIES[e], DbTable.Kind.TABLE, null, columns, List.of("id")));
            }
        }
        return new DbSchema("big", tables, fks);
    }

    /** The same few names in many tables, as in real data: a value alone says little about the table. */
    private static ValueIndex values() {
        ValueIndex.Builder b = new ValueIndex.Builder(1_000_000);
        String[] names = {"Maria Silva", "Cedar Falcon", "Lisbon", "Berlin"};
        int i = 0;
        for (String module : MODULES) {
            for (String entity : ENTITIES) {
                b.add(b.column(module + "_" + entity, "name"), names[i++ % 2]);
                b.add(b.column(module + "_" + entity, "city"), names[2 + i % 2]);
            }
        }
        return b.build();
    }

    @Test
    void aQuestionGetsItsModulesTablesAndAShortPrompt() {
        SchemaLinker linker = new SchemaLinker(schema(), IdentifierStyle.POSTGRESQL);
        assertEquals(600, linker.schema().tables().size());
        ValueIndex values = values();
        for (int round = 0; round < 3; round++) { // the first round also warms up the JIT
            LinkedSchema linked = linker.link("What is the total amount of crm invoices for the customer Maria Silva?",
                    values, 6000);
            assertTrue(linked.tableNames().containsAll(List.of("crm_invoice", "crm_customer")), linked.tableNames()
                    .toString());
            assertTrue(linked.tableNames().size() <= 12, linked.tableNames().toString());
            assertTrue(linked.description().length() <= 3000, linked.description());
            assertTrue(linked.valueTexts().contains("crm_customer.name = 'Maria Silva'"), linked.valueTexts().toString());
        }
        LinkedSchema threeTables = linker.link("How many shipments belong to telecom orders of the customer in Lisbon?",
                values, 6000);
        assertTrue(threeTables.tableNames().containsAll(List.of("telecom_shipment", "telecom_order",
                "telecom_customer")), threeTables.tableNames().toString());
    }
}
