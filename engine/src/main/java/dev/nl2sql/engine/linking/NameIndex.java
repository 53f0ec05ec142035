package dev.nl2sql.engine.linking;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of a schema's table and column names (split and stemmed, see {@link WordForms}), each weighted by how
 * rare it is across tables: "name" in 600 of 1,000 tables says little, "singer" in two says much (an inverse document
 * frequency scaled to 0..1). Built once per schema version; {@link #strengths} then compares a question with the
 * distinct words only, not with every column.
 */
final class NameIndex {

    /** Stems of each table's name, as ids into {@link #words}. */
    final int[][] tableWords;
    /** Stems of each column's name, per table and column. */
    final int[][][] columnWords;
    final String[] words;
    final double[] weight;
    /** The summed weight of each table's name words, and of each column's. */
    final double[] tableWeight;
    final double[][] columnWeight;

    NameIndex(DbSchema schema) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> dictionary = new ArrayList<>();
        List<Set<Integer>> tablesOf = new ArrayList<>();
        int n = schema.tables().size();
        tableWords = new int[n][];
        columnWords = new int[n][][];
        for (int t = 0; t < n; t++) {
            DbTable table = schema.tables().get(t);
            tableWords[t] = ids(table.name(), ids, dictionary, tablesOf, t);
            columnWords[t] = new int[table.columns().size()][];
            for (int c = 0; c < table.columns().size(); c++) {
                DbColumn column = table.columns().get(c);
                columnWords[t][c] = ids(column.name(), ids, dictionary, tablesOf, t);
            }
        }
        words = dictionary.toArray(new String[0]);
        weight = new double[words.length];
        double norm = Math.log(1.0 + Math.max(1, n));
        for (int w = 0; w < words.length; w++) {
            weight[w] = Math.log(1.0 + (double) Math.max(1, n) / tablesOf.get(w).size()) / norm;
        }
        tableWeight = new double[n];
        columnWeight = new double[n][];
        for (int t = 0; t < n; t++) {
            tableWeight[t] = sum(tableWords[t]);
            columnWeight[t] = new double[columnWords[t].length];
            for (int c = 0; c < columnWords[t].length; c++) {
                columnWeight[t][c] = sum(columnWords[t][c]);
            }
        }
    }

    private double sum(int[] ids) {
        double sum = 0;
        for (int id : ids) {
            sum += weight[id];
        }
        return sum;
    }

    private static int[] ids(String name, Map<String, Integer> ids, List<String> dictionary,
            List<Set<Integer>> tablesOf, int table) {
        Set<Integer> result = new LinkedHashSet<>();
        for (String word : WordForms.identifierWords(name)) {
            if (WordForms.FUNCTION_WORDS.contains(word) && !word.equals("no")) {
                continue; // "singer_in_concert": "in" names nothing
            }
            String stem = WordForms.stem(word);
            Integer id = ids.get(stem);
            if (id == null) {
                id = dictionary.size();
                ids.put(stem, id);
                dictionary.add(stem);
                tablesOf.add(new HashSet<>());
            }
            tablesOf.get(id).add(table);
            result.add(id);
        }
        return result.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * How strongly the question names each word, 0 to 1: the same stem 1; a stem one edit away (5 letters or more,
     * same first letter) 0.7; an abbreviation ("dept" for "department") or a compound that contains the question's
     * word ("countrylanguage" for "language") 0.6; a hinted word 0.5.
     */
    double[] strengths(QuestionTerms question) {
        double[] strength = new double[words.length];
        for (int w = 0; w < words.length; w++) {
            String word = words[w];
            double best = 0;
            if (question.stems().contains(word)) {
                best = 1.0;
            } else {
                for (String q : question.stems()) {
                    best = Math.max(best, partial(word, q));
                    if (best >= 0.7) {
                        break;
                    }
                }
                if (best < 0.5 && question.hints().contains(word)) {
                    best = 0.5;
                }
            }
            strength[w] = best;
        }
        return strength;
    }

    private static double partial(String word, String q) {
        if (word.length() >= 5 && q.length() >= 5 && word.charAt(0) == q.charAt(0)
                && EditDistance.within(word, q, 1) <= 1) {
            return 0.7;
        }
        if (word.length() >= 3 && q.length() >= word.length() + 2 && q.startsWith(word)) {
            return 0.6;
        }
        if (q.length() >= 4 && word.length() >= q.length() + 3 && word.contains(q)) {
            return 0.6;
        }
        return 0;
    }
}
