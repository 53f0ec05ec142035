package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Recall of gold tables, columns and literals over questions linked at one budget, and what the prompts cost. */
final class LinkingTally {

    private int questions;
    private int wholeSchema;
    private long goldTables;
    private long foundTables;
    private int allTables;
    private long goldColumns;
    private long foundColumns;
    private int allColumns;
    private int literals;
    private int literalsFound;
    private int literalsInDb;
    private int literalsInDbFound;
    private long promptChars;
    private final List<Double> linkingMillis = new ArrayList<>();
    private final List<String> misses = new ArrayList<>();
    private final List<String> literalMisses = new ArrayList<>();

    /**
     * @param inDatabase   for each gold literal, whether the database holds it as a whole value
     * @param schemaTables tables of the whole schema, to count questions whose schema was kept whole
     */
    void add(String question, GoldSql.Uses gold, ExplainedLinking linked, boolean[] inDatabase, int schemaTables) {
        questions++;
        if (linked.tables().size() == schemaTables) {
            wholeSchema++;
        }
        Set<String> tables = lower(linked.tables());
        Set<String> columns = lower(linked.columns());
        long tablesHit = gold.tables().stream().filter(t -> tables.contains(t.toLowerCase(Locale.ROOT))).count();
        goldTables += gold.tables().size();
        foundTables += tablesHit;
        if (tablesHit == gold.tables().size()) {
            allTables++;
        } else {
            misses.add("tables " + gold.tables() + " linked " + linked.tables() + ": " + question);
        }
        long columnsHit = gold.columns().stream().filter(c -> columns.contains(c.toLowerCase(Locale.ROOT))).count();
        goldColumns += gold.columns().size();
        foundColumns += columnsHit;
        if (columnsHit == gold.columns().size()) {
            allColumns++;
        }
        for (int i = 0; i < gold.literals().size(); i++) {
            GoldSql.Literal literal = gold.literals().get(i);
            boolean found = linked.values().stream().anyMatch(v -> matches(v, literal));
            literals++;
            literalsFound += found ? 1 : 0;
            if (inDatabase[i]) {
                literalsInDb++;
                literalsInDbFound += found ? 1 : 0;
                if (!found) {
                    literalMisses.add("'" + literal.text() + "' matched " + linked.values() + ": " + question);
                }
            }
        }
        promptChars += linked.promptChars();
        linkingMillis.add(linked.linkingMillis());
    }

    private static boolean matches(String value, GoldSql.Literal literal) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        String l = literal.text().strip().toLowerCase(Locale.ROOT);
        return literal.like() ? v.contains(l) : v.equals(l);
    }

    private static Set<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Questions missing a gold table, for reading. */
    List<String> misses() {
        return misses;
    }

    /** Gold literals the database holds that were not matched, for reading. */
    List<String> literalMisses() {
        return literalMisses;
    }

    ObjectNode json() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("questions", questions);
        n.put("whole_schema_kept", questions == 0 ? 0 : round((double) wholeSchema / questions));
        n.put("table_recall", ratio(foundTables, goldTables));
        n.put("questions_with_all_tables", ratio(allTables, questions));
        n.put("column_recall", ratio(foundColumns, goldColumns));
        n.put("questions_with_all_columns", ratio(allColumns, questions));
        ObjectNode lit = n.putObject("literal_recall");
        lit.put("all", ratio(literalsFound, literals));
        lit.put("in_database", ratio(literalsInDbFound, literalsInDb));
        lit.put("literals", literals);
        lit.put("literals_in_database", literalsInDb);
        n.put("prompt_chars_mean", questions == 0 ? 0 : round((double) promptChars / questions));
        n.set("linking_ms", Percentiles.of(linkingMillis));
        return n;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 1.0 : round((double) part / whole);
    }

    static double round(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }
}
