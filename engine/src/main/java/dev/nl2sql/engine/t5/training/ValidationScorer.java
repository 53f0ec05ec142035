package dev.nl2sql.engine.t5.training;

import java.nio.file.Path;

/**
 * Scores the weights of one evaluation, for early stopping and for keeping the best: the caller (the training
 * command) asks the validation questions through {@code jdbc:nl2sql:} with these weights and returns the execution
 * accuracy. The engine cannot reach the driver, so it hands the work out.
 */
@FunctionalInterface
public interface ValidationScorer {

    /**
     * @param weights the folder just written: an adapter (adapter.json, adapter.safetensors) for LoRA, a whole
     *                checkpoint for full fine-tuning
     * @param epoch   1-based
     * @return execution accuracy in [0, 1]
     */
    double score(Path weights, int epoch) throws Exception;
}
