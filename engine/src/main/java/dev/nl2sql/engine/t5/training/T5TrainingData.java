package dev.nl2sql.engine.t5.training;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.t5.T5SqlGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A training set in T5 form, tokenised with the checkpoint's tokenizer: {@code t5/train.jsonl} and
 * {@code t5/validation.jsonl} of the set's folder, one JSON object a line with {@code input} (the serialised question
 * and schema) and {@code target} ({@code db_id | sql}). Inputs are cut as the engine cuts them at answer time.
 */
final class T5TrainingData {

    static final String TRAIN = "train.jsonl";
    static final String VALIDATION = "validation.jsonl";

    private final List<TrainingPair> train;
    private final List<TrainingPair> validation;

    private T5TrainingData(List<TrainingPair> train, List<TrainingPair> validation) {
        this.train = train;
        this.validation = validation;
    }

    /** The set's folder, or its {@code t5} folder. */
    static Path t5Folder(Path set) {
        return Files.isRegularFile(set.resolve(TRAIN)) ? set : set.resolve("t5");
    }

    static T5TrainingData read(Path set, HuggingFaceTokenizer tokenizer, int eos, int maxInput, int maxTarget)
            throws T5TrainingException {
        Path folder = t5Folder(set);
        Path trainFile = folder.resolve(TRAIN);
        if (!Files.isRegularFile(trainFile)) {
            throw new T5TrainingException("There is no training set at " + trainFile + ". Write one from the "
                    + "database first (the training-set command writes t5/train.jsonl and t5/validation.jsonl).");
        }
        List<TrainingPair> train = readFile(trainFile, tokenizer, eos, maxInput, maxTarget);
        Path validationFile = folder.resolve(VALIDATION);
        List<TrainingPair> validation = Files.isRegularFile(validationFile)
                ? readFile(validationFile, tokenizer, eos, maxInput, maxTarget) : List.of();
        if (train.isEmpty()) {
            throw new T5TrainingException(trainFile + " holds no pairs. The database may be too small to make "
                    + "any: write the training set again from a database with tables and rows, or add pairs.");
        }
        return new T5TrainingData(train, validation);
    }

    private static List<TrainingPair> readFile(Path file, HuggingFaceTokenizer tokenizer, int eos, int maxInput,
            int maxTarget) throws T5TrainingException {
        ObjectMapper json = new ObjectMapper();
        List<TrainingPair> pairs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode pair;
                try {
                    pair = json.readTree(line);
                } catch (IOException e) {
                    throw new T5TrainingException(file + " line " + number + " is not JSON: " + e.getMessage());
                }
                String input = pair.path("input").asText("");
                String target = pair.path("target").asText("");
                if (input.isBlank() || target.isBlank()) {
                    throw new T5TrainingException(file + " line " + number + " has no \"input\" or no \"target\"; "
                            + "each line is {\"input\": \"question | db | schema\", \"target\": \"db | sql\"}");
                }
                pairs.add(new TrainingPair(T5SqlGenerator.cut(tokenizer.encode(input).getIds(), maxInput, eos),
                        T5SqlGenerator.cut(tokenizer.encode(target).getIds(), maxTarget, eos)));
            }
        } catch (IOException e) {
            throw new T5TrainingException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return pairs;
    }

    List<TrainingPair> train() {
        return train;
    }

    List<TrainingPair> validation() {
        return validation;
    }

    /**
     * The batches of one epoch, as indices into the training pairs: shuffled by seed and epoch, then pairs of similar
     * length batched together (within windows of 50 batches, sorted by length) so that little is padding, and the
     * batches shuffled again. The same seed and epoch give the same order, which resuming relies on.
     */
    static List<int[]> batches(int pairs, List<TrainingPair> data, int batchSize, long seed, int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        List<int[]> batches = new ArrayList<>();
        int window = batchSize * 50;
        for (int from = 0; from < order.size(); from += window) {
            List<Integer> part = new ArrayList<>(order.subList(from, Math.min(order.size(), from + window)));
            part.sort(Comparator.comparingInt(i -> data.get(i).tokens()));
            for (int b = 0; b < part.size(); b += batchSize) {
                batches.add(part.subList(b, Math.min(part.size(), b + batchSize)).stream().mapToInt(i -> i)
                        .toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
