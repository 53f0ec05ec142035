package dev.nl2sql.benchmarks.jmh;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarks find the shared data beside the project: Spider's dev set and the small models. Run from the
 * project root ({@code ../shared}) or a module folder ({@code ../../shared}); NL2SQL_SPIDER_DIR and
 * NL2SQL_TEST_MODELS_DIR point elsewhere.
 */
final class BenchData {

    private BenchData() {
    }

    static Path spiderDir() {
        return find("NL2SQL_SPIDER_DIR", "shared/benchmarks/spider-dev");
    }

    static Path modelsDir() {
        return find("NL2SQL_TEST_MODELS_DIR", "shared/models");
    }

    private static Path find(String variable, String underShared) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String up : new String[] {"../", "../../"}) {
            Path candidate = Path.of(up + underShared);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(underShared + " not found beside the project; set " + variable);
    }
}
