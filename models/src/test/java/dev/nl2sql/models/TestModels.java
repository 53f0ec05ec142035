package dev.nl2sql.models;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared/models: NL2SQL_TEST_MODELS_DIR, as in every module's tests, else ../../shared/models.
 * (NL2SQL_MODELS_DIR is the product's own models folder, which these tests must not depend on.)
 */
final class TestModels {
    private TestModels() {
    }

    static Path dir() {
        String p = System.getenv("NL2SQL_TEST_MODELS_DIR");
        Path dir = (p == null || p.isBlank()) ? Path.of("../../shared/models") : Path.of(p);
        return dir.toAbsolutePath().normalize();
    }

    /** A shared model file; the test is skipped (with the reason) when the folder is not there. */
    static Path file(String name) {
        Path f = dir().resolve(name);
        assumeTrue(Files.isRegularFile(f), "shared model " + f + " not found; set NL2SQL_TEST_MODELS_DIR");
        return f;
    }
}
