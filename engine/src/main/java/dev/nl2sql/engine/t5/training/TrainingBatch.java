package dev.nl2sql.engine.t5.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nl2sql.engine.t5.T5Model;
import java.util.List;

/**
 * Pairs padded into arrays for one forward pass: inputs with their mask, the decoder's inputs (the start token, then
 * the target shifted right) and the labels (the target), with a mask that leaves padding out of the loss.
 */
final class TrainingBatch {

    private final long[] inputIds;
    private final float[] inputMask;
    private final long[] decoderIds;
    private final long[] labels;
    private final float[] labelMask;
    private final int size;
    private final int inputLength;
    private final int targetLength;
    private final long tokens;

    TrainingBatch(List<TrainingPair> pairs, int decoderStart) {
        size = pairs.size();
        inputLength = pairs.stream().mapToInt(p -> p.input().length).max().orElse(1);
        targetLength = pairs.stream().mapToInt(p -> p.target().length).max().orElse(1);
        inputIds = new long[size * inputLength];
        inputMask = new float[size * inputLength];
        decoderIds = new long[size * targetLength];
        labels = new long[size * targetLength];
        labelMask = new float[size * targetLength];
        long count = 0;
        for (int b = 0; b < size; b++) {
            TrainingPair p = pairs.get(b);
            for (int i = 0; i < p.input().length; i++) {
                inputIds[b * inputLength + i] = p.input()[i];
                inputMask[b * inputLength + i] = 1;
            }
            for (int t = 0; t < p.target().length; t++) {
                decoderIds[b * targetLength + t] = t == 0 ? decoderStart : p.target()[t - 1];
                labels[b * targetLength + t] = p.target()[t];
                labelMask[b * targetLength + t] = 1;
            }
            count += p.tokens();
        }
        tokens = count;
    }

    /** Input and target tokens, padding left out. */
    long tokens() {
        return tokens;
    }

    /**
     * The mean token cross-entropy of the batch (a scalar, fp32), with label smoothing when asked: {@code (1 - e)}
     * of the target's negative log-probability plus {@code e} of the mean over the vocabulary; with dropout at the
     * given rate (0 to evaluate).
     */
    NDArray loss(T5Model model, NDManager step, double labelSmoothing, double dropout) {
        return loss(model, step, labelSmoothing, dropout, null, 0);
    }

    /**
     * As {@link #loss(T5Model, NDManager, double, double)}, the softmax taken over {@code vocabulary}'s ids for draw
     * {@code draw} (a sampled softmax; null: the whole vocabulary). Label smoothing then spreads over those ids.
     */
    NDArray loss(T5Model model, NDManager step, double labelSmoothing, double dropout, OutputVocabulary vocabulary,
            long draw) {
        Device device = model.device();
        NDArray in = step.create(inputIds, new Shape(size, inputLength)).toDevice(device, false);
        NDArray inMask = step.create(inputMask, new Shape(size, inputLength)).toDevice(device, false);
        NDArray dec = step.create(decoderIds, new Shape(size, targetLength)).toDevice(device, false);
        NDArray outputIds = null;
        long[] targets = labels;
        if (vocabulary != null) {
            outputIds = step.create(vocabulary.idsForStep(draw)).toDevice(device, false);
            targets = new long[labels.length];
            for (int i = 0; i < labels.length; i++) {
                targets[i] = labelMask[i] > 0 ? vocabulary.positionOf(labels[i]) : 0;
            }
        }
        NDArray lab = step.create(targets, new Shape(size, targetLength, 1)).toDevice(device, false);
        NDArray mask = step.create(labelMask, new Shape(size, targetLength)).toDevice(device, false);
        NDArray logProbabilities = model.teacherForcedLogits(step, in, inMask, dec, (float) dropout, outputIds)
                .logSoftmax(-1);
        NDArray perToken = logProbabilities.gather(lab, 2).squeeze(2).neg();
        if (labelSmoothing > 0) {
            NDArray uniform = logProbabilities.mean(new int[] {2}).neg();
            perToken = perToken.mul((float) (1 - labelSmoothing)).add(uniform.mul((float) labelSmoothing));
        }
        return perToken.mul(mask).sum().div(mask.sum());
    }
}
