package dev.nl2sql.benchmarks.harness;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** p50, p95, max and mean of measurements (nearest-rank percentiles). */
final class Percentiles {

    private Percentiles() {
    }

    static ObjectNode of(List<Double> values) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        n.put("p50", rounded(nearestRank(sorted, 50)));
        n.put("p95", rounded(nearestRank(sorted, 95)));
        n.put("max", sorted.isEmpty() ? 0 : LinkingTally.round(sorted.get(sorted.size() - 1)));
        n.put("mean", sorted.isEmpty() ? 0
                : LinkingTally.round(sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return n;
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least p% of the values at or below it. */
    static Double nearestRank(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double rounded(Double value) {
        return value == null ? 0 : LinkingTally.round(value);
    }
}
