package dev.nl2sql.engine.t5.training;

import java.nio.file.Path;

/**
 * What to train and where.
 *
 * @param checkpoint          the base T5 checkpoint directory (config.json, tokenizer.json, model.safetensors)
 * @param trainingSet         the training set's folder (with {@code t5/train.jsonl}) or its {@code t5} folder
 * @param output              where the best weights, their card and the resumable checkpoint go
 * @param databaseFingerprint the database the set was written from, as the caller identifies it (for the card)
 * @param resume              go on from the checkpoint in {@code output} instead of starting afresh
 */
public record T5TrainingJob(Path checkpoint, Path trainingSet, Path output, String databaseFingerprint,
        boolean resume) {
}
