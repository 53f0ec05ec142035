package dev.nl2sql.engine.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.schema.SchemaPrompt;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.JDBCType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linker on a small hand-made schema: concerts, plus unrelated tables that only cost room. */
class LinkingSchemaLinkerTest {

    private static DbColumn integer(String name) {
        return new DbColumn(name, JDBCType.INTEGER, "INTEGER", false, null, List.of());
    }

    private static DbColumn text(String name) {
        return new DbColumn(name, JDBCType.VARCHAR, "VARCHAR", true, null, List.of());
    }

    private static DbTable table(String name, List<String> primaryKey, DbColumn... columns) {
        return new DbTable(name, DbTable.Kind.TABLE, null, List.of(columns), primaryKey);
    }

    static DbSchema concerts() {
        List<DbTable> tables = new ArrayList<>(List.of(
                table("stadium", List.of("Stadium_ID"), integer("Stadium_ID"), text("Location"), text("Name"),
                        integer("Capacity"), integer("Highest"), integer("Lowest"), integer("Average")),
                table("singer", List.of("Singer_ID"), integer("Singer_ID"), text("Name"), text("Country"),
                        text("Song_Name"), text("Song_release_year"), integer("Age")),
                table("concert", List.of("concert_ID"), integer("concert_ID"), text("concert_Name"), text("Theme"),
                        integer("Stadium_ID"), text("Year")),
                table("singer_in_concert", List.of("concert_ID", "Singer_ID"), integer("concert_ID"),
                        integer("Singer_ID")),
                table("employee", List.of("Employee_ID"), integer("Employee_ID"), text("Full_Name"),
                        text("Department"), integer("Salary"), text("Hire_Date")),
                table("shop", List.of("Shop_ID"), integer("Shop_ID"), text("Shop_Name"), text("District"),
                        integer("Number_products"), text("Manager_name")),
                table("evaluation", List.of("Employee_ID", "Year_awarded"), integer("Employee_ID"),
                        text("Year_awarded"), integer("Bonus"))));
        List<ForeignKey> fks = List.of(
                new ForeignKey("concert", List.of("Stadium_ID"), "stadium", List.of("Stadium_ID")),
                new ForeignKey("singer_in_concert", List.of("concert_ID"), "concert", List.of("concert_ID")),
                new ForeignKey("singer_in_concert", List.of("Singer_ID"), "singer", List.of("Singer_ID")),
                new ForeignKey("evaluation", List.of("Employee_ID"), "employee", List.of("Employee_ID")));
        return new DbSchema("main", tables, fks);
    }

    private static ValueIndex countries() {
        ValueIndex.Builder b = new ValueIndex.Builder(10_000);
        int country = b.column("singer", "Country");
        b.add(country, "France");
        b.add(country, "Netherlands");
        int location = b.column("stadium", "Location");
        b.add(location, "Raith Rovers");
        return b.build();
    }

    private final SchemaLinker linker = new SchemaLinker(concerts(), IdentifierStyle.SQLITE);

    @Test
    void keepsTheWholeSchemaWhenItFits() {
        LinkedSchema linked = linker.link("How many singers are there?", ValueIndex.empty(), 6000);
        assertTrue(linked.whole());
        assertEquals(7, linked.tableNames().size());
        assertEquals(concerts().tables().stream().mapToInt(t -> t.columns().size()).sum(),
                linked.columnNames().size());
        assertEquals(SchemaPrompt.render(concerts(), IdentifierStyle.SQLITE, 6000), linked.description());
    }

    @Test
    void choosesTheTablesTheQuestionNamesWhenTheSchemaDoesNotFit() {
        LinkedSchema linked = linker.link("What is the maximum capacity of the stadiums?", ValueIndex.empty(), 300);
        assertFalse(linked.whole());
        assertTrue(linked.tableNames().contains("stadium"), linked.tableNames().toString());
        assertFalse(linked.tableNames().contains("employee"), linked.tableNames().toString());
        assertFalse(linked.tableNames().contains("shop"), linked.tableNames().toString());
        assertTrue(linked.columnNames().contains("stadium.Capacity"));
    }

    @Test
    void keepsTheBridgeTableAndTheJoinKeys() {
        LinkedSchema linked = linker.link("List the names of singers who sang in concerts of 2014.",
                ValueIndex.empty(), 400);
        assertTrue(linked.tableNames().containsAll(List.of("singer", "concert", "singer_in_concert")),
                linked.tableNames().toString());
        assertTrue(linked.columnNames().containsAll(List.of("singer.Singer_ID", "concert.concert_ID",
                "singer_in_concert.concert_ID", "singer_in_concert.Singer_ID")), linked.columnNames().toString());
        assertTrue(linked.description().contains("singer_in_concert.Singer_ID -> singer.Singer_ID"),
                linked.description());
        assertTrue(linked.description().contains("singer_in_concert.concert_ID -> concert.concert_ID"),
                linked.description());
    }

    @Test
    void aBridgeIsAddedEvenWhenTheQuestionDoesNotNameIt() {
        DbSchema schema = concerts();
        // the bridge renamed so that no question word names it
        List<DbTable> tables = schema.tables().stream().map(t -> t.name().equals("singer_in_concert")
                ? new DbTable("performance_xref", t.kind(), null, t.columns(), t.primaryKey()) : t).toList();
        List<ForeignKey> fks = schema.foreignKeys().stream().map(fk -> fk.fromTable().equals("singer_in_concert")
                ? new ForeignKey("performance_xref", fk.fromColumns(), fk.toTable(), fk.toColumns()) : fk).toList();
        SchemaLinker renamed = new SchemaLinker(new DbSchema("main", tables, fks), IdentifierStyle.SQLITE);
        LinkedSchema linked = renamed.link("Which singers were in the concert called Super bootcamp?",
                ValueIndex.empty(), 380);
        assertTrue(linked.tableNames().containsAll(List.of("singer", "concert", "performance_xref")),
                linked.tableNames().toString());
    }

    @Test
    void theDescriptionNeverExceedsTheBudget() {
        for (int budget = 0; budget <= 1200; budget += 40) {
            for (String q : List.of("How many singers are there?", "Names of employees with the top bonus",
                    "Which singers from France sang at Raith Rovers?", "nothing relevant at all")) {
                LinkedSchema linked = linker.link(q, countries(), budget);
                assertTrue(linked.description().length() <= budget,
                        budget + " " + q + ": " + linked.description().length() + "\n" + linked.description());
            }
        }
    }

    @Test
    void aTightBudgetKeepsKeysAndNamedColumnsOnly() {
        LinkedSchema linked = linker.link("What is the capacity of the stadium?", ValueIndex.empty(), 60);
        assertEquals(List.of("stadium"), linked.tableNames());
        assertTrue(linked.columnNames().containsAll(List.of("stadium.Stadium_ID", "stadium.Capacity")),
                linked.columnNames().toString());
        assertFalse(linked.columnNames().contains("stadium.Highest"), linked.columnNames().toString());
    }

    @Test
    void valuesTheQuestionNamesAreShownAsStored() {
        LinkedSchema linked = linker.link("Which singers come from france?", countries(), 6000);
        assertEquals(List.of("singer.Country = 'France'"), linked.valueTexts());
        assertTrue(linked.description().endsWith("\nValues named in the question: singer.Country = 'France'"),
                linked.description());
        LinkedSchema pruned = linker.link("How many concerts were held at raith rovers?", countries(), 400);
        assertTrue(pruned.tableNames().contains("stadium"), pruned.tableNames().toString());
        assertTrue(pruned.valueTexts().contains("stadium.Location = 'Raith Rovers'"), pruned.valueTexts().toString());
    }

    @Test
    void aQuestionThatNamesNothingGetsTablesInSchemaOrder() {
        LinkedSchema linked = linker.link("Hello?", ValueIndex.empty(), 200);
        assertFalse(linked.tableNames().isEmpty());
        assertEquals("stadium", linked.tableNames().get(0));
    }

    @Test
    void aFollowUpKeepsTheTablesAndValuesOfTheQuestionBefore() {
        LinkedSchema alone = linker.link("how many of them are there?", countries(), 150);
        LinkedSchema followUp = linker.link("how many of them are there?", List.of("Which singers come from France?"),
                countries(), 150);
        assertFalse(alone.columnNames().contains("singer.Country"), alone.columnNames().toString());
        assertTrue(followUp.columnNames().contains("singer.Country"), followUp.columnNames().toString());
        assertTrue(followUp.columnNames().contains("singer.Name"), followUp.columnNames().toString());
        // the value the earlier question named stays in the description, where the budget holds a values line
        assertEquals(List.of("singer.Country = 'France'"), linker.link("how many of them are there?",
                List.of("Which singers come from France?"), countries(), 400).valueTexts());
    }

    @Test
    void theFollowUpsOwnWordsStillRankFirst() {
        LinkedSchema linked = linker.link("How many concerts were held at raith rovers?",
                List.of("Which singers come from France?"), countries(), 400);
        assertFalse(linked.tableNames().get(0).equals("singer"), linked.tableNames().toString());
        assertTrue(linked.tableNames().contains("stadium"), linked.tableNames().toString());
        assertEquals("stadium.Location = 'Raith Rovers'", linked.valueTexts().get(0), linked.valueTexts().toString());
    }
}
