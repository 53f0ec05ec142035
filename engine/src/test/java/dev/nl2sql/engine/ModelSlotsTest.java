package dev.nl2sql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order in which questions get the model and when they are refused, with a fake clock for the measured turns and
 * no model. Nothing here depends on how fast the machine is: threads are only observed once they wait in line.
 */
class ModelSlotsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> served = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** A question's turn on another thread: takes a slot, notes its name, holds the slot until told to give it back. */
    private final class Turn {
        final CountDownLatch done = new CountDownLatch(1);
        final Future<String> outcome;

        Turn(ModelSlots slots, String name, GenerationControl control) {
            outcome = threads.submit(() -> {
                try (ModelSlots.Slot slot = slots.acquire(control)) {
                    served.add(name);
                    done.await();
                    return "served";
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            });
        }

        String finish() throws Exception {
            done.countDown();
            return outcome.get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitWaiting(ModelSlots slots, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (slots.waiting() != count) {
            assertTrue(System.nanoTime() < end, "expected " + count + " in line, found " + slots.waiting());
            Thread.sleep(5);
        }
    }

    private void awaitServed(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (served.size() < count) {
            assertTrue(System.nanoTime() < end, "expected " + count + " served, found " + served);
            Thread.sleep(5);
        }
    }

    private static GenerationControl minutes() {
        return GenerationControl.withTimeout(TimeUnit.MINUTES.toMillis(5));
    }

    /** Three turns of ten seconds each by the fake clock: enough measured history to estimate from. */
    private void learnTenSecondTurns(ModelSlots slots) throws SQLException {
        for (int i = 0; i < ModelTurnTimes.MIN_SAMPLES; i++) {
            try (ModelSlots.Slot slot = slots.acquire(minutes())) {
                now.addAndGet(10 * SECOND);
            }
        }
    }

    @Test
    void aLaterAttemptKeepsItsQuestionsPlaceAheadOfLaterQuestions() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        GenerationControl a = minutes();
        GenerationControl b = minutes();
        GenerationControl c = minutes();
        ModelSlots.Slot first = slots.acquire(a);
        Turn c1 = new Turn(slots, "c", c);
        awaitWaiting(slots, 1);
        Turn b1 = new Turn(slots, "b", b);
        awaitWaiting(slots, 2);
        first.close(); // question a runs its SQL now; the model serves b, which arrived before c
        awaitServed(1);
        Turn a2 = new Turn(slots, "a again", a);
        awaitWaiting(slots, 2);
        assertEquals("served", b1.finish());
        awaitServed(2);
        assertEquals("served", a2.finish());
        assertEquals("served", c1.finish());
        assertEquals(List.of("b", "a again", "c"), served, "a's second attempt does not wait behind c");
    }

    @Test
    void aQuestionTheModelCannotReachInTimeIsRefusedAtOnce() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        learnTenSecondTurns(slots);
        ModelSlots.Slot busy = slots.acquire(minutes());
        Turn waiting = new Turn(slots, "waiting", minutes());
        awaitWaiting(slots, 1);
        // one question ahead at ten seconds a turn, then its own turn: twenty seconds, and it has two
        SQLException e = assertThrows(SQLException.class,
                () -> slots.acquire(GenerationControl.withTimeout(2_000)));
        assertEquals("54000", e.getSQLState());
        assertTrue(e.getMessage().contains("1 questions are ahead") && e.getMessage().contains("nl2sql.maxConcurrent")
                && e.getMessage().contains("query timeout"), e.getMessage());
        assertEquals(1, slots.waiting(), "the refused question did not join the line");
        // one with time enough joins the line and is served after the one ahead of it
        Turn patient = new Turn(slots, "patient", minutes());
        awaitWaiting(slots, 2);
        busy.close();
        assertEquals("served", waiting.finish());
        assertEquals("served", patient.finish());
        assertEquals(List.of("waiting", "patient"), served);
    }

    @Test
    void aQuestionFirstInLineIsNeverRefusedForLackOfTime() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        learnTenSecondTurns(slots);
        // a free model: served although its turns took ten seconds lately and it has one
        try (ModelSlots.Slot slot = slots.acquire(GenerationControl.withTimeout(1_000))) {
            assertEquals(0, slots.waiting());
        }
        // a busy model and no one else waiting: it waits its turn, here until its time runs out
        ModelSlots.Slot busy = slots.acquire(minutes());
        SQLException e = assertThrows(SQLException.class, () -> slots.acquire(GenerationControl.withTimeout(300)));
        assertEquals("HYT00", e.getSQLState());
        assertEquals(0, slots.waiting(), "the timed-out question left the line");
        busy.close();
    }

    @Test
    void withoutMeasuredTurnsNoQuestionIsRefusedForLackOfTime() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        ModelSlots.Slot busy = slots.acquire(minutes());
        List<Turn> crowd = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            crowd.add(new Turn(slots, "crowd " + i, minutes()));
            awaitWaiting(slots, i + 1);
        }
        SQLException e = assertThrows(SQLException.class, () -> slots.acquire(GenerationControl.withTimeout(300)));
        assertEquals("HYT00", e.getSQLState(), "it waited: there was nothing to estimate from");
        busy.close();
        for (Turn t : crowd) {
            assertEquals("served", t.finish());
        }
        assertEquals(List.of("crowd 0", "crowd 1", "crowd 2"), served);
    }

    @Test
    void laterAttemptsCountAsLessWorkAheadThanNewQuestions() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        // questions took two turns of ten seconds each
        for (int i = 0; i < 2; i++) {
            GenerationControl q = minutes();
            for (int turn = 0; turn < 2; turn++) {
                try (ModelSlots.Slot slot = slots.acquire(q)) {
                    now.addAndGet(10 * SECOND);
                }
            }
        }
        GenerationControl older = minutes();
        try (ModelSlots.Slot slot = slots.acquire(older)) { // its first turn; it will need about one more
            now.addAndGet(10 * SECOND);
        }
        ModelSlots.Slot busy = slots.acquire(minutes());
        Turn again = new Turn(slots, "older, second turn", older);
        awaitWaiting(slots, 1);
        // ahead: one more turn of the older question (10 s), then its own (10 s): admitted with 25 s
        Turn admitted = new Turn(slots, "admitted", GenerationControl.withTimeout(25_000));
        awaitWaiting(slots, 2);
        // ahead now also a new question, which counts as a whole question (about one and a half turns lately, as
        // single-turn questions came in): about 35 s in all, refused with 25 s
        SQLException e = assertThrows(SQLException.class,
                () -> slots.acquire(GenerationControl.withTimeout(25_000)));
        assertEquals("54000", e.getSQLState(), e.getMessage());
        busy.close();
        assertEquals("served", again.finish());
        assertEquals("served", admitted.finish());
    }

    @Test
    void tooManyWaitingAreRefusedAtOnce() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        ModelSlots.Slot busy = slots.acquire(minutes());
        List<Turn> crowd = new ArrayList<>();
        for (int i = 0; i < ModelSlots.MAX_WAITING; i++) {
            crowd.add(new Turn(slots, "crowd", minutes()));
        }
        awaitWaiting(slots, ModelSlots.MAX_WAITING);
        SQLException e = assertThrows(SQLException.class, () -> slots.acquire(minutes()));
        assertEquals("54000", e.getSQLState());
        assertTrue(e.getMessage().contains("already waiting"), e.getMessage());
        busy.close();
        for (Turn t : crowd) {
            assertEquals("served", t.finish());
        }
    }

    @Test
    void aCancelledQuestionLeavesTheLine() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        ModelSlots.Slot busy = slots.acquire(minutes());
        GenerationControl control = minutes();
        Turn cancelled = new Turn(slots, "cancelled", control);
        Turn next = new Turn(slots, "next", minutes());
        awaitWaiting(slots, 2);
        control.cancel();
        assertEquals("HY008", cancelled.outcome.get(30, TimeUnit.SECONDS));
        busy.close();
        assertEquals("served", next.finish());
        assertEquals(List.of("next"), served);
    }

    @Test
    void drainWaitsForTheQuestionsBeforeItAndHoldsBackTheOnesAfter() throws Exception {
        ModelSlots slots = new ModelSlots(2, now::get);
        ModelSlots.Slot one = slots.acquire(minutes());
        ModelSlots.Slot two = slots.acquire(minutes());
        Turn before = new Turn(slots, "before", minutes());
        awaitWaiting(slots, 1);
        CompletableFuture<Void> drained = CompletableFuture.runAsync(slots::drain, threads);
        awaitWaiting(slots, 2);
        Turn after = new Turn(slots, "after", minutes());
        awaitWaiting(slots, 3);
        one.close();
        awaitServed(1);
        two.close();
        assertEquals("served", before.finish());
        drained.get(30, TimeUnit.SECONDS);
        assertEquals(1, slots.waiting(), "the question after the drain waits");
        assertFalse(after.outcome.isDone());
        slots.undrain();
        assertEquals("served", after.finish());
        assertEquals(List.of("before", "after"), served);
    }

    @Test
    void aSlotGivenBackTwiceCountsOnce() throws Exception {
        ModelSlots slots = new ModelSlots(1, now::get);
        ModelSlots.Slot slot = slots.acquire(minutes());
        slot.close();
        slot.close();
        ModelSlots.Slot again = slots.acquire(minutes());
        SQLException e = assertThrows(SQLException.class, () -> slots.acquire(GenerationControl.withTimeout(200)));
        assertEquals("HYT00", e.getSQLState(), "still one slot, not two");
        again.close();
    }
}
