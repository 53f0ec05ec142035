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
    void loadingAModelSizesBothPoolsToTheThreadsSetting() throws SQLException {
        PyTorchThreads.apply(2);
        try (T5SqlGenerator generator = T5Models.load(TinyT5.checkpoint(), TinyT5.settings(TinyT5.checkpoint(), 1,
                8))) {
            assertEquals(1, PyTorchThreads.intraOp());
            assertEquals(1, PyTorchThreads.interOp(), "set by the first load of this JVM, before any parallel work");
        }
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
