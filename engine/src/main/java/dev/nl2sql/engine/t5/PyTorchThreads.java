package dev.nl2sql.engine.t5;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch's thread pools follow {@code nl2sql.threads}. Left alone, PyTorch takes every core for one matrix product
 * (intra-op) and as many again for parallel operators (inter-op); on a small shared machine its threads then spin
 * against each other and the JVM's, and a step of a tiny T5 ran many times slower than with one thread. Both pools
 * belong to the process: the intra-op one follows the latest model load, the inter-op one can only be set before
 * PyTorch's first parallel work, so the first load sets it. DJL's own system properties
 * ({@code ai.djl.pytorch.num_threads}, {@code ai.djl.pytorch.num_interop_threads}), which DJL applies when the engine
 * loads, win where set.
 */
public final class PyTorchThreads {

    private static final Logger log = LoggerFactory.getLogger(PyTorchThreads.class);
    static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";
    private static boolean interOpTried;

    private PyTorchThreads() {
    }

    /** Loads PyTorch if it is not loaded yet and sizes its pools to {@code threads}, except where DJL's are set. */
    public static synchronized void apply(int threads) {
        applyIntraOp(threads);
        if (System.getProperty(INTER_OP_PROPERTY) == null && !interOpTried) {
            interOpTried = true;
            try {
                JniUtils.setNumInteropThreads(threads);
            } catch (RuntimeException e) {
                // PyTorch refuses once parallel work has begun (a model run before nl2sql loaded one)
                log.debug("PyTorch's inter-op threads stay at {}: {}", JniUtils.getNumInteropThreads(), e.toString());
            }
        }
        log.debug("PyTorch threads: {} intra-op, {} inter-op", JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads());
    }

    /**
     * Sizes only the intra-op pool (training: its matrix products are the hot path). The inter-op pool is left to the
     * first model load for answering, which is the only moment it can be set.
     */
    public static synchronized void applyIntraOp(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        Engine.getEngine("PyTorch"); // DJL applies its own properties here, once
        if (System.getProperty(INTRA_OP_PROPERTY) == null && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** The intra-op threads in force. */
    static int intraOp() {
        return JniUtils.getNumThreads();
    }

    /** The inter-op threads in force. */
    static int interOp() {
        return JniUtils.getNumInteropThreads();
    }
}
