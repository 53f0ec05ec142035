package dev.nl2sql.engine.tuning;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The pairs made from one database, split, and what a card says of them.
 *
 * @param databaseId      the id a PICARD checkpoint writes before its SQL ({@code concert_singer})
 * @param product         the database product, as its driver names it
 * @param fingerprint     the schema's fingerprint: an adapter trained on this set is for this schema
 * @param split           the pairs
 * @param seed            the seed of the split and of the choice of wordings
 * @param validation      the share of each shape's queries held out for validation
 * @param queriesWritten  queries written from the schema and its values
 * @param queriesDropped  of those, how many the checks or the database refused, or found nothing with
 * @param memoryPairs     verified pairs of the database's memory included
 * @param memoryDropped   pairs of the memory left out (stale, or refused by a check)
 * @param memoryNotes     notes of the memory, shown in the chat prompts where a question concerns them
 */
public record TrainingSet(String databaseId, String product, String fingerprint, TrainingSplit split, long seed,
        double validation, int queriesWritten, int queriesDropped, int memoryPairs, int memoryDropped,
        int memoryNotes) {

    /** How many pairs of each shape a list holds, in the shapes' order. */
    public static Map<QueryShape, Integer> perShape(List<TrainingPair> pairs) {
        Map<QueryShape, Integer> counts = new EnumMap<>(QueryShape.class);
        pairs.forEach(p -> counts.merge(p.shape(), 1, Integer::sum));
        return counts;
    }

    /** How many distinct queries (groups) a list holds. */
    public static long queries(List<TrainingPair> pairs) {
        return pairs.stream().map(TrainingPair::group).distinct().count();
    }
}
