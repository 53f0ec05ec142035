package dev.nl2sql.engine.t5.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sampled softmax's ids: the targets' tokens at fixed places, then a fresh, repeatable draw of others. */
class OutputVocabularyTest {

    private static final List<TrainingPair> TRAIN = List.of(
            new TrainingPair(new long[] {900, 901}, new long[] {71, 5, 1}),
            new TrainingPair(new long[] {902}, new long[] {5, 1820, 1}));

    @Test
    void theTargetsTokensComeFirstThenDistinctOthers() {
        OutputVocabulary vocabulary = OutputVocabulary.of(TRAIN, 5000, 100, 7);
        assertNotNull(vocabulary);
        assertEquals(4, vocabulary.targetTokens());
        long[] ids = vocabulary.idsForStep(3);
        assertEquals(104, ids.length);
        assertArrayEquals(new long[] {1, 5, 71, 1820}, Arrays.copyOf(ids, 4));
        for (long target : new long[] {1, 5, 71, 1820}) {
            assertEquals(target, ids[vocabulary.positionOf(target)]);
        }
        Set<Long> drawn = new HashSet<>();
        for (int i = 4; i < ids.length; i++) {
            assertTrue(ids[i] >= 0 && ids[i] < 5000, "id " + ids[i]);
            assertFalse(ids[i] == 1 || ids[i] == 5 || ids[i] == 71 || ids[i] == 1820, "a target drawn again");
            assertTrue(drawn.add(ids[i]), "drawn twice: " + ids[i]);
        }
    }

    @Test
    void aStepDrawsTheSameTokensEveryTimeAndStepsDrawDifferentOnes() {
        OutputVocabulary vocabulary = OutputVocabulary.of(TRAIN, 5000, 100, 7);
        assertArrayEquals(vocabulary.idsForStep(3), OutputVocabulary.of(TRAIN, 5000, 100, 7).idsForStep(3),
                "a resumed run scores the same tokens");
        assertFalse(Arrays.equals(vocabulary.idsForStep(3), vocabulary.idsForStep(4)));
        assertFalse(Arrays.equals(vocabulary.idsForStep(3), OutputVocabulary.of(TRAIN, 5000, 100, 8).idsForStep(3)));
    }

    @Test
    void theWholeVocabularyWhenNothingIsSampledOrTheSampleWouldCoverHalfOfIt() {
        assertNull(OutputVocabulary.of(TRAIN, 5000, 0, 7));
        assertNull(OutputVocabulary.of(TRAIN, 5000, 2496, 7));
        assertNotNull(OutputVocabulary.of(TRAIN, 5000, 2495, 7));
    }

    @Test
    void aTokenOutsideTheTargetsHasNoPlace() {
        OutputVocabulary vocabulary = OutputVocabulary.of(TRAIN, 5000, 10, 7);
        assertThrows(IllegalArgumentException.class, () -> vocabulary.positionOf(900));
    }
}
