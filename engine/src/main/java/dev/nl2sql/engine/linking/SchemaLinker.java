package dev.nl2sql.engine.linking;

import dev.nl2sql.engine.schema.SchemaPrompt;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the tables and columns a question needs, so that the prompt stays within {@code schemaPromptChars} on a
 * schema of any size. Built once per schema version (it indexes the names), then used for every question; immutable
 * and thread-safe.
 *
 * <p>How a question is linked:
 * <ol>
 *   <li><b>Scores.</b> A column scores by how much of its name the question names (stems, abbreviations, compounds,
 *   hints; see {@link NameIndex}), times the square of the rarity of the words matched (so that "amount", in every
 *   table, makes none of them relevant). A table scores twice the cube of that
 *   share of its own name, plus its columns' scores (at most 2), plus twice the best value the question names in it
 *   (divided among the tables where the same text was found).</li>
 *   <li><b>Whole when it fits.</b> If the whole schema (without samples or comments) and the values section fit the
 *   budget, nothing is left out: recall first.</li>
 *   <li><b>Otherwise by score.</b> The tables scoring at least {@value #CORE} ("core", best first, at most
 *   {@value #MAX_CORE}), each followed by the bridge tables on the shortest foreign-key path (at most
 *   {@value #MAX_BRIDGE_EDGES} joins) to a table chosen before it; then the other tables whose score, plus 0.3 times
 *   that of a core table they join directly, is at least {@value #MIN_PRIORITY} (and, beyond {@value #FREE_TABLES}
 *   tables in all, half the best score). Tables before columns: the core
 *   tables and bridges enter first with their keys (primary key, foreign keys to candidate tables), their best named
 *   column and the columns holding values the question names; then they gain the other columns the question names,
 *   then all their columns, best table first, while the budget allows; then the other candidates enter whole where
 *   they fit, else with keys and named columns.</li>
 *   <li><b>Values.</b> The values the question names in chosen columns close the description as one line
 *   ({@code Values named in the question: singer.country = 'France'}).</li>
 * </ol>
 * When the question names nothing in the schema, tables are taken in schema order until the budget is spent. The
 * grammar and checker stay built over the whole schema, so a table left out here can still be written by the model.
 */
public final class SchemaLinker {

    /** Values looked up per question, before they are filtered to the chosen columns. */
    static final int MAX_VALUE_MATCHES = 512;
    /** Values shown in the prompt. */
    static final int MAX_VALUES_SHOWN = 8;
    static final String VALUES_HEADING = "Values named in the question: ";
    private static final double CORE = 0.6;
    private static final int MAX_CORE = 12;
    private static final int MAX_BRIDGE_EDGES = 3;
    private static final double MIN_PRIORITY = 0.15;
    private static final double REST_SHARE = 0.5;
    private static final int FREE_TABLES = 8;
    private static final double NEIGHBOUR_SHARE = 0.3;
    /** A value match this sure (a word or one edit, not a bare number) marks its column as needed. */
    private static final double STRONG_VALUE = 0.7;
    /** A value named in the question is strong evidence for its table: as much as naming the table itself. */
    private static final double VALUE_WEIGHT = 2.0;
    /** How much the question before a follow-up counts beside it; the one before that counts this much again less. */
    private static final double EARLIER_WEIGHT = 0.5;

    private final DbSchema schema;
    private final IdentifierStyle style;
    private final NameIndex names;
    private final JoinGraph joins;
    private final Map<String, Integer> tableIndex = new HashMap<>();
    /** Per table: its column index by name. */
    private final List<Map<String, Integer>> columnIndex = new ArrayList<>();
    /** A foreign key between two tables (by index) and the length of its prompt line. */
    private record Join(ForeignKey fk, int from, int to, int lineChars) {
        int other(int table) {
            return table == from ? to : from;
        }
    }

    /** Per table: the foreign keys that start or end at it. */
    private final List<List<Join>> foreignKeysOf = new ArrayList<>();
    private final int[] bareLineChars;
    private final int wholeChars;

    public SchemaLinker(DbSchema schema, IdentifierStyle style) {
        this.schema = schema;
        this.style = style;
        this.names = new NameIndex(schema);
        this.joins = new JoinGraph(schema);
        int n = schema.tables().size();
        bareLineChars = new int[n];
        int whole = 0;
        for (int t = 0; t < n; t++) {
            DbTable table = schema.tables().get(t);
            tableIndex.put(table.name(), t);
            Map<String, Integer> cols = new HashMap<>();
            for (int c = 0; c < table.columns().size(); c++) {
                cols.put(table.columns().get(c).name(), c);
            }
            columnIndex.add(cols);
            foreignKeysOf.add(new ArrayList<>());
            bareLineChars[t] = SchemaPrompt.bareTableLine(table, style).length();
            whole += bareLineChars[t] + 1;
        }
        for (ForeignKey fk : schema.foreignKeys()) {
            Integer from = tableIndex.get(fk.fromTable());
            Integer to = tableIndex.get(fk.toTable());
            if (from == null || to == null) {
                continue;
            }
            Join join = new Join(fk, from, to, SchemaPrompt.foreignKeyLine(fk, style).length());
            foreignKeysOf.get(from).add(join);
            if (!to.equals(from)) {
                foreignKeysOf.get(to).add(join);
            }
            whole += join.lineChars() + 1;
        }
        wholeChars = Math.max(0, whole - 1);
    }

    public DbSchema schema() {
        return schema;
    }

    /** Links a question within {@code budgetChars} of description (schema and values section together). */
    public LinkedSchema link(String question, ValueIndex values, int budgetChars) {
        return link(question, List.of(), values, budgetChars);
    }

    /**
     * Links a follow-up question: the earlier questions of its conversation ({@code earlier}, most recent first) count
     * too, each half as much as the one after it ({@value #EARLIER_WEIGHT}, then its square, ...), so "and only those
     * from France?" keeps the tables the conversation is about while what the question names itself still ranks
     * first. The values the earlier questions named stay in the description, after the question's own.
     */
    public LinkedSchema link(String question, List<String> earlier, ValueIndex values, int budgetChars) {
        long started = System.nanoTime();
        List<ValueMatch> own = matches(question, values);
        Scores scores = score(QuestionTerms.of(question), own);
        List<ValueMatch> matches = new ArrayList<>(own);
        Set<String> seen = new HashSet<>();
        own.forEach(m -> seen.add(valueKey(m)));
        double weight = 1;
        for (String before : earlier) {
            weight *= EARLIER_WEIGHT;
            List<ValueMatch> named = matches(before, values);
            scores = scores.plus(score(QuestionTerms.of(before), named), weight);
            named.stream().filter(m -> seen.add(valueKey(m))).forEach(matches::add);
        }
        Set<String> ownValues = own.stream().map(SchemaLinker::valueKey).collect(Collectors.toSet());
        Scores scored = scores;
        int reserved = valuesSection(matches, budgetChars / 4).text().length();
        int schemaBudget = budgetChars - (reserved > 0 ? reserved + 1 : 0);

        DbSchema chosen;
        boolean whole = wholeChars <= schemaBudget;
        if (whole) {
            chosen = schema;
        } else {
            chosen = pack(scores, schemaBudget);
        }
        Set<String> chosenColumns = new HashSet<>();
        for (DbTable t : chosen.tables()) {
            for (DbColumn c : t.columns()) {
                chosenColumns.add(t.name() + '\u0000' + c.name());
            }
        }
        // the question's own values first, then the surest, and of equally sure ones those in the best tables
        List<ValueMatch> inChosen = matches.stream()
                .filter(m -> chosenColumns.contains(m.table() + '\u0000' + m.column()))
                .sorted(Comparator.comparingInt((ValueMatch m) -> ownValues.contains(valueKey(m)) ? 0 : 1)
                        .thenComparing(Comparator.comparingDouble(ValueMatch::score).reversed())
                        .thenComparing(Comparator.comparingDouble(
                                (ValueMatch m) -> scored.table()[tableIndex.get(m.table())]).reversed()))
                .toList();
        // within the room reserved before choosing, so that rendering never has to drop a chosen table
        ValuesLine valuesLine = valuesSection(inChosen, reserved);
        String section = valuesLine.text();
        int sectionChars = section.isEmpty() ? 0 : section.length() + 1;
        String description = SchemaPrompt.render(chosen, style, budgetChars - sectionChars);
        if (!section.isEmpty()) {
            description = description.isEmpty() ? section : description + "\n" + section;
        }
        double millis = (System.nanoTime() - started) / 1e6;
        return new LinkedSchema(chosen, valuesLine.shown(), description, whole, millis);
    }

    /** The database values a question names, in columns of this schema. */
    private List<ValueMatch> matches(String question, ValueIndex values) {
        return values.match(question, MAX_VALUE_MATCHES).stream()
                .filter(m -> column(m.table(), m.column()) != null).toList();
    }

    private static String valueKey(ValueMatch m) {
        return m.table() + '\u0000' + m.column() + '\u0000' + m.value();
    }

    /** The values line of the prompt and the values it shows. */
    private record ValuesLine(String text, List<ValueMatch> shown) {
    }

    /** The values line, with as many of the best values as fit {@code maxChars}; empty if none. */
    private ValuesLine valuesSection(List<ValueMatch> matches, int maxChars) {
        StringBuilder sb = new StringBuilder();
        List<ValueMatch> shown = new ArrayList<>();
        for (ValueMatch m : matches) {
            if (shown.size() == MAX_VALUES_SHOWN) {
                break;
            }
            String item = style.write(m.table()) + "." + style.write(m.column()) + " = '"
                    + m.value().replace("'", "''").replaceAll("\\s+", " ") + "'";
            int length = (sb.length() == 0 ? VALUES_HEADING.length() : sb.length() + 2) + item.length();
            if (length > maxChars) {
                continue;
            }
            sb.append(sb.length() == 0 ? VALUES_HEADING : ", ").append(item);
            shown.add(m);
        }
        return new ValuesLine(sb.toString(), shown);
    }

    private Integer column(String table, String column) {
        Integer t = tableIndex.get(table);
        return t == null ? null : columnIndex.get(t).get(column);
    }

    /** Table and column scores for one question. */
    private record Scores(double[] table, double[][] column, double[][] byName, boolean[][] holdsValue) {
        /** Whether the question surely names a value of this column. */
        boolean holdsValue(int t, int c) {
            return holdsValue[t] != null && holdsValue[t][c];
        }

        /**
         * These scores with an earlier question's added at {@code weight}: tables add up, a column keeps the higher,
         * and a value either question surely names keeps its column.
         */
        Scores plus(Scores earlier, double weight) {
            int n = table.length;
            double[] t2 = new double[n];
            double[][] c2 = new double[n][];
            double[][] b2 = new double[n][];
            boolean[][] h2 = new boolean[n][];
            for (int t = 0; t < n; t++) {
                t2[t] = table[t] + weight * earlier.table[t];
                c2[t] = new double[column[t].length];
                b2[t] = new double[byName[t].length];
                for (int c = 0; c < c2[t].length; c++) {
                    c2[t][c] = Math.max(column[t][c], weight * earlier.column[t][c]);
                    b2[t][c] = Math.max(byName[t][c], weight * earlier.byName[t][c]);
                    if (holdsValue(t, c) || earlier.holdsValue(t, c)) {
                        if (h2[t] == null) {
                            h2[t] = new boolean[c2[t].length];
                        }
                        h2[t][c] = true;
                    }
                }
            }
            return new Scores(t2, c2, b2, h2);
        }
    }

    private Scores score(QuestionTerms question, List<ValueMatch> matches) {
        double[] strength = names.strengths(question);
        double[] named = new double[strength.length]; // each word's rarity times how strongly the question names it
        for (int w = 0; w < strength.length; w++) {
            named[w] = names.weight[w] * strength[w];
        }
        int n = schema.tables().size();
        double[] table = new double[n];
        double[][] byName = new double[n][];
        boolean[][] holdsValue = new boolean[n][]; // null: no value named in the table
        for (int t = 0; t < n; t++) {
            int[][] cols = names.columnWords[t];
            byName[t] = new double[cols.length];
            double columnsTotal = 0;
            for (int c = 0; c < cols.length; c++) {
                // the share of the name that the question names, times the square of the best word's rarity
                double peak = peak(cols[c], named);
                byName[t][c] = peak == 0 ? 0 : share(cols[c], named, names.columnWeight[t][c]) * peak * peak;
                columnsTotal += byName[t][c];
            }
            // the share cubed: "crm" alone says little about crm_region when the question is about crm bookings
            double peak = peak(names.tableWords[t], named);
            double share = peak == 0 ? 0 : share(names.tableWords[t], named, names.tableWeight[t]);
            table[t] = 2 * share * share * share * peak + Math.min(2, columnsTotal);
        }
        // a text found in several tables ("Sofia Weber" a customer, an employee and an event) says less about each
        Map<String, Set<String>> tablesOfText = new HashMap<>();
        for (ValueMatch m : matches) {
            tablesOfText.computeIfAbsent(m.matched(), k -> new HashSet<>()).add(m.table());
        }
        double[][] column = byName.clone(); // a table's array is copied only where a value changes it
        double[] valueBonus = new double[n];
        for (ValueMatch m : matches) {
            int t = tableIndex.get(m.table());
            int c = columnIndex.get(t).get(m.column());
            if (column[t] == byName[t]) {
                column[t] = byName[t].clone();
                holdsValue[t] = new boolean[byName[t].length];
            }
            column[t][c] = Math.max(column[t][c], m.score());
            holdsValue[t][c] |= m.score() >= STRONG_VALUE;
            valueBonus[t] = Math.max(valueBonus[t], VALUE_WEIGHT * m.score() / tablesOfText.get(m.matched()).size());
        }
        for (int t = 0; t < n; t++) {
            table[t] += valueBonus[t];
        }
        return new Scores(table, column, byName, holdsValue);
    }

    /** The share of a name (words weighted by rarity) that the question names. */
    private static double share(int[] words, double[] named, double weightOfName) {
        double sum = 0;
        for (int w : words) {
            sum += named[w];
        }
        return weightOfName == 0 ? 0 : sum / weightOfName;
    }

    /** The rarity of the best word of a name that the question names, times how strongly it names it. */
    private static double peak(int[] words, double[] named) {
        double peak = 0;
        for (int w : words) {
            peak = Math.max(peak, named[w]);
        }
        return peak;
    }

    private DbSchema pack(Scores scores, int budget) {
        Candidates candidates = candidates(scores.table());
        List<Integer> order = candidates.order();
        boolean[] candidate = new boolean[schema.tables().size()];
        order.forEach(t -> candidate[t] = true);
        Packing packing = new Packing(budget);
        // 1. the core tables and their bridges with their keys (and their best named column): tables before columns
        List<Integer> core = order.subList(0, candidates.core());
        for (int t : core) {
            List<DbColumn> keys = columns(t, scores, candidate, false);
            packing.add(t, keys, lineChars(t, keys));
        }
        // 2. the columns the question names, then 3. all their columns, best table first
        for (boolean all : new boolean[] {false, true}) {
            for (int t : core) {
                if (packing.has(t)) {
                    List<DbColumn> wider = all ? schema.tables().get(t).columns()
                            : columns(t, scores, candidate, true);
                    packing.widen(t, wider, all ? bareLineChars[t] : lineChars(t, wider));
                }
            }
        }
        // 4. the other candidates, whole where they fit, else their keys and named columns
        for (int t : order.subList(candidates.core(), order.size())) {
            if (!packing.add(t, schema.tables().get(t).columns(), bareLineChars[t])) {
                List<DbColumn> compact = columns(t, scores, candidate, true);
                if (compact.size() < schema.tables().get(t).columns().size()) {
                    packing.add(t, compact, lineChars(t, compact));
                }
            }
        }
        List<Integer> chosenTables = new ArrayList<>(packing.columnsOf.keySet());
        chosenTables.sort(null);
        List<DbTable> tables = new ArrayList<>();
        for (int t : chosenTables) {
            tables.add(withColumns(schema.tables().get(t), packing.columnsOf.get(t)));
        }
        Map<Integer, Set<String>> present = new HashMap<>();
        packing.columnsOf.forEach((t, cols) -> present.put(t, cols.stream().map(DbColumn::name)
                .collect(Collectors.toSet())));
        List<ForeignKey> fks = new ArrayList<>();
        for (ForeignKey fk : schema.foreignKeys()) {
            Integer from = tableIndex.get(fk.fromTable());
            Integer to = tableIndex.get(fk.toTable());
            if (from != null && to != null && present.containsKey(from) && present.containsKey(to)
                    && present.get(from).containsAll(fk.fromColumns()) && present.get(to).containsAll(fk.toColumns())) {
                fks.add(fk);
            }
        }
        return new DbSchema(schema.name(), tables, fks);
    }

    /** The tables and columns chosen so far, and the characters their lines and foreign-key lines take. */
    private final class Packing {
        final Map<Integer, List<DbColumn>> columnsOf = new HashMap<>();
        final Map<Integer, Integer> lineChars = new HashMap<>();
        final int budget;
        int used = -1; // no newline before the first line

        Packing(int budget) {
            this.budget = budget;
        }

        boolean has(int t) {
            return columnsOf.containsKey(t);
        }

        /** Adds a table with these columns if its line and its foreign-key lines to chosen tables fit. */
        boolean add(int t, List<DbColumn> columns, int chars) {
            int fkChars = 0;
            for (Join join : foreignKeysOf.get(t)) {
                int other = join.other(t);
                if (other == t || has(other)) {
                    fkChars += join.lineChars() + 1;
                }
            }
            if (used + chars + 1 + fkChars > budget) {
                return false;
            }
            used += chars + 1 + fkChars;
            columnsOf.put(t, columns);
            lineChars.put(t, chars);
            return true;
        }

        /** Gives a chosen table more columns if the longer line fits. */
        void widen(int t, List<DbColumn> columns, int chars) {
            int extra = chars - lineChars.get(t);
            if (used + extra <= budget) {
                used += extra;
                columnsOf.put(t, columns);
                lineChars.put(t, chars);
            }
        }
    }

    /** The table with only these columns; the primary key keeps only the columns still present. */
    private static DbTable withColumns(DbTable table, List<DbColumn> columns) {
        if (columns.size() == table.columns().size()) {
            return table;
        }
        Set<String> present = columns.stream().map(DbColumn::name).collect(Collectors.toSet());
        return new DbTable(table.name(), table.kind(), table.remarks(), columns,
                table.primaryKey().stream().filter(present::contains).toList());
    }

    private int lineChars(int t, List<DbColumn> columns) {
        return SchemaPrompt.bareTableLine(withColumns(schema.tables().get(t), columns), style).length();
    }

    /**
     * Primary key and foreign-key columns towards candidate tables, columns holding values the question names (surely),
     * and the column whose name the question names best, or with {@code named} every column it names at all.
     */
    private List<DbColumn> columns(int t, Scores scores, boolean[] candidate, boolean named) {
        double[] byName = scores.byName()[t];
        DbTable table = schema.tables().get(t);
        Set<String> keep = new LinkedHashSet<>(table.primaryKey());
        for (Join join : foreignKeysOf.get(t)) {
            if (candidate[join.other(t)]) {
                keep.addAll(join.from() == t ? join.fk().fromColumns() : join.fk().toColumns());
            }
        }
        int best = -1;
        for (int c = 0; c < byName.length; c++) {
            if (byName[c] > 0 && (best < 0 || byName[c] > byName[best])) {
                best = c;
            }
        }
        List<DbColumn> columns = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            DbColumn column = table.columns().get(c);
            if (keep.contains(column.name()) || c == best || scores.holdsValue(t, c)
                    || (named && scores.column()[t][c] > 0)) {
                columns.add(column);
            }
        }
        return columns;
    }

    /** Tables in the order they are offered to the budget; the first {@code core} are the core tables and bridges. */
    private record Candidates(List<Integer> order, int core) {
    }

    /** Tables in the order they are offered to the budget; see the class comment. */
    private Candidates candidates(double[] score) {
        int n = score.length;
        List<Integer> byScore = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (score[t] >= CORE) {
                byScore.add(t);
            }
        }
        byScore.sort((a, b) -> Double.compare(score[b], score[a]));
        List<Integer> order = new ArrayList<>();
        boolean[] taken = new boolean[n];
        boolean[] isCore = new boolean[n];
        int coreCount = 0;
        for (int t : byScore) {
            if (score[t] < CORE || coreCount == MAX_CORE) {
                break;
            }
            isCore[t] = true;
            coreCount++;
            if (taken[t]) {
                continue; // already in as a bridge
            }
            List<Integer> path = order.isEmpty() ? List.of() : joins.bridge(t, taken, MAX_BRIDGE_EDGES);
            taken[t] = true;
            order.add(t);
            for (int bridge : path) {
                if (!taken[bridge]) {
                    taken[bridge] = true;
                    order.add(bridge);
                }
            }
        }
        if (order.isEmpty() && Arrays.stream(score).allMatch(s -> s < MIN_PRIORITY)) {
            for (int t = 0; t < n; t++) {
                order.add(t);
            }
            return new Candidates(order, 0);
        }
        int core = order.size();
        double[] priority = score.clone();
        for (int t = 0; t < n; t++) {
            if (isCore[t]) {
                for (int other : joins.neighbours(t)) {
                    priority[other] = Math.max(priority[other], score[other] + NEIGHBOUR_SHARE * score[t]);
                }
            }
        }
        List<Integer> rest = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (!taken[t] && priority[t] >= MIN_PRIORITY) {
                rest.add(t);
            }
        }
        rest.sort((a, b) -> Double.compare(priority[b], priority[a]));
        // beyond a few tables, only those that come near the best: on a big schema many share a word with the question
        double floor = REST_SHARE * Arrays.stream(score).max().orElse(0);
        for (int t : rest) {
            if (order.size() >= FREE_TABLES && priority[t] < floor) {
                break;
            }
            order.add(t);
        }
        return new Candidates(order, core);
    }
}
