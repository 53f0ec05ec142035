package dev.nl2sql.engine.t5.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmsUpThenDecaysLinearlyToZeroAtTheLastStep() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 10, 110, T5TrainingSettings.Schedule.LINEAR);
        assertEquals(0.1, s.at(0), 1e-9);
        assertEquals(1.0, s.at(9), 1e-9);
        assertEquals(0.5, s.at(60), 1e-9);
        assertEquals(0.0, s.at(110), 1e-9);
    }

    @Test
    void aTimeBudgetThatEndsFirstDrivesTheDecay() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 10, 1_000_000, T5TrainingSettings.Schedule.LINEAR);
        assertEquals(0.75, s.at(100, 0.25), 1e-6);
        assertEquals(0.0, s.at(200, 1.0), 1e-9);
        LearningRateSchedule cosine = new LearningRateSchedule(2.0, 0, 1_000_000, T5TrainingSettings.Schedule.COSINE);
        assertEquals(1.0, cosine.at(5, 0.5), 1e-6);
        LearningRateSchedule shortRun = new LearningRateSchedule(1.0, 0, 100, T5TrainingSettings.Schedule.LINEAR);
        assertEquals(0.5, shortRun.at(50, 0.1), 1e-9, "the planned steps end first here");
        LearningRateSchedule constant = new LearningRateSchedule(1.0, 0, 100, T5TrainingSettings.Schedule.CONSTANT);
        assertEquals(1.0, constant.at(50, 0.9), 1e-9);
    }
}
