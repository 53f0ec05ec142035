package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void lineShowsBarCountsRatesAndEta() {
        Progress p = new Progress("full", 972, System.err, false);
        // 412 done in 782.8 s: 1.9 s/q, 560 left: 1064 s = 17:44
        assertEquals("full     [############..................] 412/972  EX 0.31  valid 0.88  1.9 s/q  ETA 17:44",
                p.line(412, 128, 363, 782_800_000_000L));
        assertEquals("1:02:03", Progress.clock(3723));
    }

    @Test
    void withoutATerminalOneLineEveryTenth() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress("baseline", 40, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int done = 1; done <= 40; done++) {
            p.update(done, done, done);
        }
        p.finish();
        assertEquals(10, bytes.toString(StandardCharsets.UTF_8).lines().count());
    }
}
