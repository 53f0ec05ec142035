package dev.nl2sql.engine.t5.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.nl2sql.engine.t5.T5AdapterCard;
import java.util.List;

/**
 * Where a run stands, as a resumable checkpoint records it beside the tensors ({@code state-<step>.safetensors}: the
 * trainable weights and both AdamW moments).
 *
 * @param tensors          the tensors file of this state
 * @param steps            optimizer steps done
 * @param epoch            the epoch under way (1-based)
 * @param nextBatch        the next batch of that epoch's order
 * @param order            that epoch's batches, as indices into the training pairs
 * @param seed             the run's seed
 * @param trainPairs       training pairs (a changed training set cannot resume)
 * @param lossScale        the loss scale (mixed precision)
 * @param goodSteps        finite steps since the scale last changed
 * @param trainingSeconds  training time so far, evaluations left out
 * @param tokens           tokens trained on so far
 * @param epochLossSum     the sum of this epoch's batch losses so far
 * @param epochBatches     batches in that sum
 * @param evaluations      evaluations so far
 * @param bestEpoch        the best evaluation's epoch (0: none yet)
 * @param bestScore        its score (accuracy, or minus the validation loss)
 * @param sinceBest        evaluations since the best
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TrainingState(String tensors, long steps, int epoch, int nextBatch, List<int[]> order, long seed,
        int trainPairs, float lossScale, int goodSteps, double trainingSeconds, long tokens, double epochLossSum,
        int epochBatches, List<T5AdapterCard.Epoch> evaluations, int bestEpoch, double bestScore, int sinceBest) {
}
