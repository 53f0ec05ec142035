package dev.nl2sql.benchmarks.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The figures of one pipeline over the evaluated questions. */
record PipelineStats(String pipeline, int questions, int evaluated, int correct, int valid,
        Map<Hardness, Bucket> byHardness, Double p50Millis, Double p95Millis, Double meanMillis, int costReported,
        long promptTokens, long generatedTokens, long attempts, long generationMillis) {

    /** Count, correct and valid answers of one difficulty. */
    record Bucket(int count, int correct, int valid) {
        Double executionAccuracy() {
            return fraction(correct, count);
        }

        Double validSqlRate() {
            return fraction(valid, count);
        }
    }

    static PipelineStats of(String pipeline, int questions, List<Outcome> outcomes) {
        Map<Hardness, int[]> counts = new EnumMap<>(Hardness.class);
        for (Hardness h : Hardness.values()) {
            counts.put(h, new int[3]);
        }
        int correct = 0;
        int valid = 0;
        int reported = 0;
        long prompt = 0;
        long generated = 0;
        long attempts = 0;
        long generationMillis = 0;
        List<Double> latencies = new ArrayList<>();
        for (Outcome o : outcomes) {
            int[] c = counts.get(o.question().hardness());
            c[0]++;
            if (o.correct()) {
                correct++;
                c[1]++;
            }
            if (o.valid()) {
                valid++;
                c[2]++;
            }
            latencies.add(o.latencyMillis());
            if (o.reportedCost()) {
                reported++;
                prompt += Math.max(0, o.promptTokens());
                generated += Math.max(0, o.generatedTokens());
                attempts += Math.max(0, o.attempts());
                generationMillis += Math.max(0, o.generationMillis());
            }
        }
        Map<Hardness, Bucket> buckets = new EnumMap<>(Hardness.class);
        counts.forEach((h, c) -> buckets.put(h, new Bucket(c[0], c[1], c[2])));
        Collections.sort(latencies);
        Double mean = latencies.isEmpty() ? null
                : latencies.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new PipelineStats(pipeline, questions, outcomes.size(), correct, valid, buckets,
                Percentiles.nearestRank(latencies, 50), Percentiles.nearestRank(latencies, 95), mean, reported, prompt, generated, attempts,
                generationMillis);
    }

    Double executionAccuracy() {
        return fraction(correct, evaluated);
    }

    Double validSqlRate() {
        return fraction(valid, evaluated);
    }

    Double meanPromptTokens() {
        return costReported == 0 ? null : (double) promptTokens / costReported;
    }

    Double meanGeneratedTokens() {
        return costReported == 0 ? null : (double) generatedTokens / costReported;
    }

    Double meanAttempts() {
        return costReported == 0 ? null : (double) attempts / costReported;
    }

    Double meanGenerationMillis() {
        return costReported == 0 ? null : (double) generationMillis / costReported;
    }

    static Double fraction(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
