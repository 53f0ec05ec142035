package dev.nl2sql.engine.tuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Train and validation pairs, split by query group so that the paraphrases of one query are all on one side (a
 * model must not be validated on a rewording of what it trained on). Each shape is split on its own, so that the
 * validation side has every shape the training side has enough of. The same pairs and seed give the same split.
 */
public record TrainingSplit(List<TrainingPair> train, List<TrainingPair> validation) {

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
        for (Map<String, List<TrainingPair>> groups : byShape.values()) {
            List<String> keys = new ArrayList<>(groups.keySet()); // sorted: the order does not depend on the input's
            Collections.shuffle(keys, random);
            int held = (int) Math.round(keys.size() * fraction);
            if (held == 0 && fraction > 0 && keys.size() >= 2) {
                held = 1;
            }
            for (int i = 0; i < keys.size(); i++) {
                (i < held ? validation : train).addAll(groups.get(keys.get(i)));
            }
        }
        return new TrainingSplit(inInputOrder(train, pairs), inInputOrder(validation, pairs));
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
