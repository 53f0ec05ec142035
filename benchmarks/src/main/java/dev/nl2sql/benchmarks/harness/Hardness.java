package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Spider's difficulty levels, computed from a question's parsed gold SQL (the {@code sql} field of dev.json) by the
 * rules of the official evaluation ({@code evaluation.py}, {@code Evaluator.eval_hardness}):
 *
 * <ul>
 *   <li><b>component 1</b>: one each for a WHERE, GROUP BY, ORDER BY and LIMIT; one per joined table beyond the first;
 *       one per {@code or} and per {@code LIKE} condition in FROM ... ON, WHERE and HAVING;</li>
 *   <li><b>component 2</b>: one per nested query: a subquery used as a condition's value (in ON, WHERE, HAVING), and
 *       each INTERSECT, UNION, EXCEPT; a subquery in FROM does not count;</li>
 *   <li><b>others</b>: one each for more than one aggregate, more than one selected column, more than one WHERE
 *       condition, more than one GROUP BY column.</li>
 * </ul>
 *
 * <p>The aggregate count follows the published code exactly, including two of its quirks: a WHERE or HAVING
 * condition counts as an "aggregate" when it is negated ({@code NOT}), and each {@code and}/{@code or} between
 * HAVING conditions counts as one. Both are part of the official labels, so they are kept.
 */
public enum Hardness {
    EASY, MEDIUM, HARD, EXTRA,
    /** Not computed: the file had no parsed {@code sql} and the text holds what {@link TextHardness} cannot count. */
    UNKNOWN;

    /** Index of {@code like} in the official WHERE_OPS list, the operator code in a condition unit. */
    private static final int LIKE = 9;

    /** The label used in reports and by the official evaluation: easy, medium, hard, extra. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The difficulty of one parsed gold query (dev.json's {@code sql} object). */
    public static Hardness of(JsonNode sql) {
        return classify(componentOne(sql), componentTwo(sql), others(sql));
    }

    /** The official thresholds over the three counts. */
    static Hardness classify(int c1, int c2, int others) {
        if (c1 <= 1 && others == 0 && c2 == 0) {
            return EASY;
        }
        if ((others <= 2 && c1 <= 1 && c2 == 0) || (c1 <= 2 && others < 2 && c2 == 0)) {
            return MEDIUM;
        }
        if ((others > 2 && c1 <= 2 && c2 == 0) || (c1 > 2 && c1 <= 3 && others <= 2 && c2 == 0)
                || (c1 <= 1 && others == 0 && c2 <= 1)) {
            return HARD;
        }
        return EXTRA;
    }

    static int componentOne(JsonNode sql) {
        int count = 0;
        if (sql.path("where").size() > 0) {
            count++;
        }
        if (sql.path("groupBy").size() > 0) {
            count++;
        }
        if (sql.path("orderBy").size() > 0) {
            count++;
        }
        if (present(sql.get("limit"))) {
            count++;
        }
        int tables = sql.path("from").path("table_units").size();
        if (tables > 0) {
            count += tables - 1;
        }
        for (JsonNode connector : connectors(sql)) {
            if (connector.isTextual() && connector.asText().equals("or")) {
                count++;
            }
        }
        for (JsonNode unit : conditionUnits(sql)) {
            if (unit.path(1).isNumber() && unit.path(1).asInt() == LIKE) {
                count++;
            }
        }
        return count;
    }

    static int componentTwo(JsonNode sql) {
        int count = 0;
        for (JsonNode unit : conditionUnits(sql)) {
            if (unit.path(3).isObject()) {
                count++;
            }
            if (unit.path(4).isObject()) {
                count++;
            }
        }
        for (String setOperation : List.of("intersect", "except", "union")) {
            if (present(sql.get(setOperation))) {
                count++;
            }
        }
        return count;
    }

    static int others(JsonNode sql) {
        int aggregates = 0;
        for (JsonNode selected : sql.path("select").path(1)) { // [agg_id, val_unit]
            aggregates += aggregated(selected);
        }
        for (JsonNode unit : everyOther(sql.path("where"), 0)) { // a condition unit's first field is its NOT flag
            aggregates += aggregated(unit);
        }
        for (JsonNode column : sql.path("groupBy")) { // [agg_id, col_id, distinct]
            aggregates += aggregated(column);
        }
        if (sql.path("orderBy").size() > 0) {
            List<JsonNode> columns = new ArrayList<>();
            for (JsonNode valUnit : sql.path("orderBy").path(1)) { // [unit_op, col_unit1, col_unit2]
                if (truthy(valUnit.path(1))) {
                    columns.add(valUnit.get(1));
                }
            }
            for (JsonNode valUnit : sql.path("orderBy").path(1)) {
                if (truthy(valUnit.path(2))) {
                    columns.add(valUnit.get(2));
                }
            }
            for (JsonNode column : columns) {
                aggregates += aggregated(column);
            }
        }
        for (JsonNode item : sql.path("having")) { // every item, connectors included, as the official code does
            aggregates += aggregated(item);
        }
        int count = 0;
        if (aggregates > 1) {
            count++;
        }
        if (sql.path("select").path(1).size() > 1) {
            count++;
        }
        if (sql.path("where").size() > 1) {
            count++;
        }
        if (sql.path("groupBy").size() > 1) {
            count++;
        }
        return count;
    }

    /** The official {@code unit[0] != 0}: what Python makes of the first field of a unit, or of a connector word. */
    private static int aggregated(JsonNode unit) {
        if (unit.isTextual()) {
            return 1; // 'and'[0] is 'a', which is != 0
        }
        JsonNode first = unit.path(0);
        if (first.isBoolean()) {
            return first.asBoolean() ? 1 : 0;
        }
        if (first.isNumber()) {
            return first.asDouble() != 0 ? 1 : 0;
        }
        return 1; // a string, None, a list: never equal to 0
    }

    /** Python truthiness of a JSON value: null, false, 0, "" and [] are false. */
    private static boolean truthy(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asDouble() != 0;
        }
        if (node.isTextual()) {
            return !node.asText().isEmpty();
        }
        return node.size() > 0;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** The condition units of FROM ... ON, WHERE and HAVING (a condition is [unit, 'and'/'or', unit, ...]). */
    private static List<JsonNode> conditionUnits(JsonNode sql) {
        List<JsonNode> units = new ArrayList<>();
        units.addAll(everyOther(sql.path("from").path("conds"), 0));
        units.addAll(everyOther(sql.path("where"), 0));
        units.addAll(everyOther(sql.path("having"), 0));
        return units;
    }

    /** The and/or words between the condition units of FROM ... ON, WHERE and HAVING. */
    private static List<JsonNode> connectors(JsonNode sql) {
        List<JsonNode> words = new ArrayList<>();
        words.addAll(everyOther(sql.path("from").path("conds"), 1));
        words.addAll(everyOther(sql.path("where"), 1));
        words.addAll(everyOther(sql.path("having"), 1));
        return words;
    }

    private static List<JsonNode> everyOther(JsonNode array, int start) {
        List<JsonNode> items = new ArrayList<>();
        for (int i = start; i < array.size(); i += 2) {
            items.add(array.get(i));
        }
        return items;
    }
}
