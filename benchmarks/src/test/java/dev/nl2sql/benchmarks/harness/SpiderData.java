package dev.nl2sql.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Spider dev beside the project ({@code ../shared/benchmarks/spider-dev}, seen from this module's directory as
 * {@code ../../shared/...}); {@code NL2SQL_SPIDER_DIR} points elsewhere, as for the driver's tests.
 */
final class SpiderData {

    private SpiderData() {
    }

    static Path dir() {
        String configured = System.getenv("NL2SQL_SPIDER_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../../shared/benchmarks/spider-dev");
        if (!Files.isRegularFile(dir.resolve("dev.json"))) {
            throw new IllegalStateException("Spider dev not found at " + dir.toAbsolutePath()
                    + ": set NL2SQL_SPIDER_DIR to the spider-dev folder");
        }
        return dir;
    }

    static Path devJson() {
        return dir().resolve("dev.json");
    }

    static Path tablesJson() {
        return dir().resolve("tables.json");
    }

    static Path databases() {
        return dir().resolve("database");
    }
}
