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
        n.put("p50", rank(sorted, 0.50));
        n.put("p95", rank(sorted, 0.95));
        n.put("max", sorted.isEmpty() ? 0 : LinkingTally.round(sorted.get(sorted.size() - 1)));
        n.put("mean", sorted.isEmpty() ? 0
                : LinkingTally.round(sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return n;
    }

    private static double rank(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return LinkingTally.round(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
    }
}
