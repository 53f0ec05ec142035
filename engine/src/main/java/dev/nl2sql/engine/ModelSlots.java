package dev.nl2sql.engine;

import java.sql.SQLException;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use a loaded model now: {@code nl2sql.maxConcurrent} slots, handed out in the order the questions arrived.
 *
 * <p>A question may take several turns (attempts with feedback, a retry under the safe grammar). Each turn waits in
 * the queue at the place of the question's arrival ({@link GenerationControl#arrival()}), not at the back: between
 * two turns the slot serves another question (the question runs its SQL on the database meanwhile), but a later
 * turn never waits behind questions that arrived after it. A plain fair semaphore queued every turn afresh, so under
 * load each question's second attempt waited behind every other question's first, and nearly all ran out of time.
 *
 * <p>Questions are refused at once with 54000 when {@link #MAX_WAITING} per slot already wait, and when the model
 * cannot get to them in time: from the measured time of recent turns ({@link ModelTurnTimes}), if the questions ahead
 * (divided by the slots) and one turn of its own take longer than the question has left. Without measured turns, or
 * with no question ahead, no one is refused for lack of time. A question waits at most until its own deadline.
 *
 * <p>{@link #drain()} takes every slot once the questions that arrived before it are done; questions arriving after
 * it wait until {@link #undrain()}.
 */
public final class ModelSlots {

    private static final Logger log = LoggerFactory.getLogger(ModelSlots.class);

    /** Questions that may wait, per slot. */
    public static final int MAX_WAITING = 64;
    /** How often a waiting question looks at its cancel switch, which nothing signals. */
    private static final long CANCEL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int slots;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();
    private final ModelTurnTimes times = new ModelTurnTimes();
    private int free;
    /** Drains so far: every question that asks after a drain is ordered behind it. */
    private long epoch;
    private long sequence;

    public ModelSlots(int maxConcurrent) {
        this(maxConcurrent, System::nanoTime);
    }

    /** With the clock that times the turns (tests pass a fake one). */
    ModelSlots(int maxConcurrent, LongSupplier nanoClock) {
        this.slots = Math.max(1, maxConcurrent);
        this.free = slots;
        this.clock = nanoClock;
    }

    /** A slot held by one turn of a question; closing it gives the slot to the next in line. */
    public final class Slot implements AutoCloseable {

        private final long grantedNanos;
        private boolean released;

        private Slot(long grantedNanos) {
            this.grantedNanos = grantedNanos;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    /** One question's turn (or a drain) in line. */
    private static final class Waiter implements Comparable<Waiter> {
        final long epoch;
        final long arrival;
        final long sequence;
        final int needs;
        final GenerationControl control;
        final Condition wakeUp;
        boolean granted;
        long grantedNanos;

        Waiter(long epoch, long arrival, long sequence, int needs, GenerationControl control, Condition wakeUp) {
            this.epoch = epoch;
            this.arrival = arrival;
            this.sequence = sequence;
            this.needs = needs;
            this.control = control;
            this.wakeUp = wakeUp;
        }

        @Override
        public int compareTo(Waiter other) {
            int c = Long.compare(epoch, other.epoch);
            if (c == 0) {
                c = Long.compare(arrival, other.arrival);
            }
            return c != 0 ? c : Long.compare(sequence, other.sequence);
        }
    }

    /**
     * Takes a slot within the question's time, at the question's place in line; close the slot when the turn ends.
     *
     * @throws SQLException 54000 when too many wait or the model cannot get to it in time, HYT00 when its time ran
     *                      out waiting, HY008 when it was cancelled or interrupted while waiting
     */
    public Slot acquire(GenerationControl control) throws SQLException {
        lock.lock();
        try {
            if (waiting.size() >= MAX_WAITING * slots) {
                throw EngineException.limitExceeded(waiting.size() + " questions are already waiting for the model. "
                        + "Try again shortly, ask fewer questions at once, or raise nl2sql.maxConcurrent if memory "
                        + "allows.");
            }
            Waiter me = new Waiter(epoch, control.arrival(), ++sequence, 1, control, lock.newCondition());
            refuseIfTooLate(me, control);
            waiting.add(me);
            grantInOrder();
            await(me, control);
            return new Slot(me.grantedNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: waits until {@code me} is granted, or leaves the line on timeout, cancel or interrupt. */
    private void await(Waiter me, GenerationControl control) throws SQLException {
        while (!me.granted) {
            if (control.isCancelled()) {
                leave(me);
                control.check();
            }
            long left = TimeUnit.MILLISECONDS.toNanos(control.remainingMillis());
            if (left <= 0) {
                leave(me);
                throw EngineException.timeout("The model was busy with other questions until this question's time "
                        + "ran out. Raise the query timeout, or nl2sql.maxConcurrent if memory allows.");
            }
            try {
                me.wakeUp.awaitNanos(Math.min(left, CANCEL_CHECK_NANOS));
            } catch (InterruptedException e) {
                if (me.granted) {
                    giveBack(me.grantedNanos);
                } else {
                    leave(me);
                }
                Thread.currentThread().interrupt();
                throw EngineException.cancelled("Interrupted while waiting for the model.");
            }
        }
    }

    /**
     * Refuses a question that, by the measured turns, cannot get the model before its deadline: the turns still due
     * to the questions ahead of it, shared by the slots, plus one turn of its own. Conservative: the turns in progress
     * are not counted, nor its own later attempts.
     */
    private void refuseIfTooLate(Waiter me, GenerationControl control) throws SQLException {
        if (!times.known()) {
            return;
        }
        int ahead = 0;
        double aheadNanos = 0;
        for (Waiter w : waiting) {
            if (w.control != null && w.compareTo(me) < 0) {
                ahead++;
                aheadNanos += times.remainingNanos(w.control.modelTurns());
            }
        }
        if (ahead == 0) {
            return; // a question first in line is never refused for lack of time
        }
        double expectedMillis = (aheadNanos / slots + times.turnNanos()) / 1e6;
        long leftMillis = control.remainingMillis();
        if (expectedMillis > leftMillis) {
            log.debug("Refused a question: {} ahead, {} ms per turn, {} turns per question, {} ms left", ahead,
                    Math.round(times.turnNanos() / 1e6), times.turnsPerQuestion(), leftMillis);
            throw EngineException.limitExceeded(String.format(Locale.ROOT, "The model cannot get to this question "
                    + "in time: %d questions are ahead of it, the model takes about %d ms per answer lately, so it "
                    + "would need about %d ms and the question has %d ms left. Ask fewer questions at once, raise the "
                    + "query timeout (Statement.setQueryTimeout or nl2sql.queryTimeout), or raise "
                    + "nl2sql.maxConcurrent if memory allows.", ahead,
                    Math.round(times.turnNanos() * times.turnsPerQuestion() / 1e6), Math.round(expectedMillis),
                    leftMillis));
        }
    }

    private void release(Slot slot) {
        lock.lock();
        try {
            if (slot.released) {
                return;
            }
            slot.released = true;
            giveBack(slot.grantedNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: a turn's slot comes back, its duration is learnt, and the next in line gets it. */
    private void giveBack(long grantedNanos) {
        free++;
        times.finished(clock.getAsLong() - grantedNanos);
        grantInOrder();
    }

    /** Under the lock: a waiter leaves the line; whoever it held up may go now. */
    private void leave(Waiter me) {
        waiting.remove(me);
        grantInOrder();
    }

    /** Under the lock: hands free slots to the head of the line, strictly in order (a drain holds up those behind). */
    private void grantInOrder() {
        Waiter head;
        while ((head = waiting.peek()) != null && head.needs <= free) {
            waiting.poll();
            free -= head.needs;
            head.granted = true;
            head.grantedNanos = clock.getAsLong();
            if (head.control != null) {
                times.started(head.control.modelTurns() == 0);
                head.control.tookModelTurn();
            }
            head.wakeUp.signal();
        }
    }

    /** Waits until no question holds a slot and takes them all, so the model can be freed; nothing runs after. */
    public void drain() {
        lock.lock();
        try {
            Waiter me = new Waiter(epoch++, Long.MAX_VALUE, ++sequence, slots, null, lock.newCondition());
            waiting.add(me);
            grantInOrder();
            while (!me.granted) {
                me.wakeUp.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back every slot that {@link #drain()} took. */
    public void undrain() {
        lock.lock();
        try {
            free += slots;
            grantInOrder();
        } finally {
            lock.unlock();
        }
    }

    /** Turns waiting now (tests). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}
