package dev.nl2sql.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as the operating system counts it. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /**
     * Resident memory in KiB (VmRSS of /proc/self/status: heap, native model memory, mapped pages), or -1 where the
     * system has no such file.
     */
    static long rssKiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
