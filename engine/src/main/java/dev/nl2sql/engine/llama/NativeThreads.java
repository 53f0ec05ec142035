package dev.nl2sql.engine.llama;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps llama.cpp's native thread from holding a finished JVM open. java-llama.cpp 4.2.0 starts one native thread
 * per loaded model (its task loop) and attaches it to the JVM as a non-daemon thread ("Thread-N") that is never
 * detached, not even by {@code LlamaModel.close()} (kherud/java-llama.cpp#116). Its daemon flag cannot be changed
 * from Java once it runs, so a program whose {@code main} returns would wait for it forever.
 *
 * <p>The least bad remedy: the threads that appear during a model load are noted, and a daemon guard watches for the
 * moment the launcher waits in {@code DestroyJavaVM} with no other non-daemon thread left than those. The JVM would
 * never exit then, so the guard calls {@link System#exit} (shutdown hooks run), with status 1 if {@code main} ended
 * with an uncaught exception, as the launcher would have. A program that keeps a thread of its own running is never
 * touched.
 */
final class NativeThreads {

    private static final Logger log = LoggerFactory.getLogger(NativeThreads.class);
    private static final long CHECK_MILLIS = 500;
    /** How long after a load its native thread may take to attach; 4.2.0 attaches within microseconds. */
    private static final long ATTACH_WAIT_MILLIS = 500;
    private static final Set<Thread> NATIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean mainFailed;
    private static Thread guard;

    private NativeThreads() {
    }

    /** Runs a model load and notes the non-daemon native threads it started. */
    static <T> T load(Supplier<T> loader) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        T loaded = loader.get();
        long until = System.nanoTime() + ATTACH_WAIT_MILLIS * 1_000_000;
        boolean found = false;
        do {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t) && isNativeNonDaemon(t)) {
                    found |= NATIVE.add(t);
                }
            }
            if (!found) {
                pause(10);
            }
        } while (!found && System.nanoTime() < until);
        if (found) {
            startGuard();
        }
        return loaded;
    }

    /** Attached from native code: no Java frame at all. */
    private static boolean isNativeNonDaemon(Thread t) {
        return t.isAlive() && !t.isDaemon() && t.getStackTrace().length == 0;
    }

    private static synchronized void startGuard() {
        if (guard != null) {
            return;
        }
        watchMainThread();
        guard = new Thread(NativeThreads::watch, "nl2sql-exit-guard");
        guard.setDaemon(true);
        guard.start();
    }

    /** Notes an uncaught exception of the launcher's main thread, unless the program handles them itself. */
    private static void watchMainThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("main") && t.getThreadGroup() != null
                    && t.getUncaughtExceptionHandler() == t.getThreadGroup()) {
                ThreadGroup group = t.getThreadGroup();
                t.setUncaughtExceptionHandler((thread, e) -> {
                    mainFailed = true;
                    group.uncaughtException(thread, e);
                });
            }
        }
    }

    private static void watch() {
        while (true) {
            pause(CHECK_MILLIS);
            if (onlyNativeThreadsHoldTheJvm()) {
                log.info("The program's main thread has ended and only llama.cpp's native thread keeps the JVM "
                        + "alive (kherud/java-llama.cpp#116): exiting");
                System.exit(mainFailed ? 1 : 0);
            }
        }
    }

    private static boolean onlyNativeThreadsHoldTheJvm() {
        boolean destroying = false;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isAlive() || t.isDaemon() || NATIVE.contains(t)) {
                continue;
            }
            if (t.getName().equals("DestroyJavaVM")) {
                destroying = true;
            } else {
                return false;
            }
        }
        return destroying;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
