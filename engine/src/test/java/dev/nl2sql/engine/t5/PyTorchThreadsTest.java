package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PyTorch's pools follow nl2sql.threads (the tests' settings say 1), and DJL's own properties win where set. */
class PyTorchThreadsTest {

    @AfterEach
    void restore() {
        System.clearProperty(PyTorchThreads.INTRA_OP_PROPERTY);
        PyTorchThreads.apply(1);
    }

    @Test
    void loadingAModelSizesTheIntraOpPoolAndTheInterOpPoolIsSetOnlyOnce() throws SQLException {
        PyTorchThreads.apply(2);
        try (T5SqlGenerator generator = T5Models.load(TinyT5.checkpoint(), TinyT5.settings(TinyT5.checkpoint(), 1,
                8))) {
            assertEquals(1, PyTorchThreads.intraOp());
            // the inter-op pool is sized by the first apply of this JVM (which test runs first is not fixed), never
            // again: PyTorch refuses once parallel work has begun
            int interOp = PyTorchThreads.interOp();
            PyTorchThreads.apply(2);
            assertEquals(interOp, PyTorchThreads.interOp());
        }
    }

    @Test
    void trainingSizesOnlyTheIntraOpPool() {
        int interOp = PyTorchThreads.interOp();
        PyTorchThreads.applyIntraOp(2);
        assertEquals(2, PyTorchThreads.intraOp());
        assertEquals(interOp, PyTorchThreads.interOp());
        PyTorchThreads.applyIntraOp(1);
        assertEquals(1, PyTorchThreads.intraOp());
    }

    @Test
    void theIntraOpPoolFollowsTheLatestSettingUnlessDjlsPropertyIsSet() {
        PyTorchThreads.apply(2);
        assertEquals(2, PyTorchThreads.intraOp());
        PyTorchThreads.apply(1);
        assertEquals(1, PyTorchThreads.intraOp());
        System.setProperty(PyTorchThreads.INTRA_OP_PROPERTY, "1");
        PyTorchThreads.apply(2);
        assertEquals(1, PyTorchThreads.intraOp(), "ai.djl.pytorch.num_threads is the user's word");
    }

    @Test
    void aThreadCountBelowOneIsABug() {
        assertThrows(IllegalArgumentException.class, () -> PyTorchThreads.apply(0));
    }
}
