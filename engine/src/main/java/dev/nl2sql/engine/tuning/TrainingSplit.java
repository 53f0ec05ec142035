package dev.nl2sql.engine.tuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Train and validation pairs, split by query group so that the paraphrases of one query are all on one side (a
 * model must not be validated on a rewording of what it trained on). Each shape is split on its own, so that the
 * validation side has every shape the training side has enough of. Within a shape the held-out queries are spread
 * evenly over its templates (the query with its values left out): the groups are lined up template by template, in
 * an order the seed draws, and every k-th is held out. A random draw could hold out most lookups of one column and
 * leave training a single example of it; this way a template of five queries gives at most one to validation, and
 * validation still asks templates the training side never saw (one query in seven of those that have only one).
 * Which of a template's queries are held out is chosen so that no value (a row's name, a threshold) is held out
 * with many columns.
 * The same pairs and seed give the same split.
 */
public record TrainingSplit(List<TrainingPair> train, List<TrainingPair> validation) {

    /** A string or number literal: what a template leaves out. */
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'|\\b\\d+(?:\\.\\d+)?\\b");

    public TrainingSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /** {@code fraction}: the share of each shape's groups that goes to validation, rounded, at least one of two. */
    static TrainingSplit of(List<TrainingPair> pairs, double fraction, long seed) {
        Map<QueryShape, Map<String, List<TrainingPair>>> byShape = new TreeMap<>();
        for (TrainingPair p : pairs) {
            byShape.computeIfAbsent(p.shape(), s -> new TreeMap<>())
                    .computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
        }
        List<TrainingPair> train = new ArrayList<>();
        List<TrainingPair> validation = new ArrayList<>();
        Random random = new Random(seed);
        Map<String, Integer> heldValues = new HashMap<>();
        for (Map<String, List<TrainingPair>> groups : byShape.values()) {
            List<List<String>> templates = lineUpByTemplate(groups, random);
            int count = templates.stream().mapToInt(List::size).sum();
            int held = (int) Math.round(count * fraction);
            if (held == 0 && fraction > 0 && count >= 2) {
                held = 1;
            }
            boolean[] holdOut = new boolean[count];
            double spacing = held == 0 ? 0 : (double) count / held;
            double offset = random.nextDouble() * spacing;
            for (int k = 0; k < held; k++) {
                holdOut[Math.min(count - 1, (int) (offset + k * spacing))] = true;
            }
            int position = 0;
            for (List<String> same : templates) {
                int slots = 0;
                for (int i = 0; i < same.size(); i++) {
                    slots += holdOut[position + i] ? 1 : 0;
                }
                position += same.size();
                List<String> chosen = leastHeldValues(same, slots, groups, heldValues);
                for (String key : same) {
                    (chosen.contains(key) ? validation : train).addAll(groups.get(key));
                }
            }
        }
        return new TrainingSplit(inInputOrder(train, pairs), inInputOrder(validation, pairs));
    }

    /** The groups, template by template (templates in a drawn order, groups shuffled within each). */
    private static List<List<String>> lineUpByTemplate(Map<String, List<TrainingPair>> groups, Random random) {
        Map<String, List<String>> byTemplate = new TreeMap<>();
        for (Map.Entry<String, List<TrainingPair>> group : groups.entrySet()) { // sorted: input order does not count
            byTemplate.computeIfAbsent(template(group.getValue().get(0).sql()), t -> new ArrayList<>())
                    .add(group.getKey());
        }
        List<List<String>> templates = new ArrayList<>(byTemplate.values());
        Collections.shuffle(templates, random);
        for (List<String> same : templates) {
            Collections.shuffle(same, random);
        }
        return templates;
    }

    /**
     * The {@code slots} groups of one template whose values validation has held out least so far (first in the
     * drawn order where that ties), counted up. Drawn blindly, the lookups of one row by name could go to
     * validation for three of its four columns, leaving training that row with one column only: the model would
     * learn the row's one column, not to read the column from the question. Spread this way, every held-out query
     * is a new combination of a column and a value that training has seen with other partners.
     */
    private static List<String> leastHeldValues(List<String> same, int slots, Map<String, List<TrainingPair>> groups,
            Map<String, Integer> heldValues) {
        List<String> chosen = new ArrayList<>();
        List<String> left = new ArrayList<>(same);
        for (int s = 0; s < slots; s++) {
            String best = null;
            int fewest = Integer.MAX_VALUE;
            for (String key : left) {
                int held = 0;
                for (String value : values(groups.get(key).get(0).sql())) {
                    held += heldValues.getOrDefault(value, 0);
                }
                if (held < fewest) {
                    fewest = held;
                    best = key;
                }
            }
            left.remove(best);
            chosen.add(best);
            for (String value : values(groups.get(best).get(0).sql())) {
                heldValues.merge(value, 1, Integer::sum);
            }
        }
        return chosen;
    }

    private static List<String> values(String sql) {
        return LITERAL.matcher(sql).results().map(MatchResult::group).toList();
    }

    /** The query with its string and number literals replaced by {@code ?}. */
    static String template(String sql) {
        return LITERAL.matcher(sql).replaceAll("?");
    }

    private static List<TrainingPair> inInputOrder(List<TrainingPair> some, List<TrainingPair> all) {
        Map<TrainingPair, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            index.putIfAbsent(all.get(i), i);
        }
        List<TrainingPair> sorted = new ArrayList<>(some);
        sorted.sort(Comparator.comparingInt(index::get));
        return sorted;
    }
}
