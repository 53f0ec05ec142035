package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the whole build, read from the main sources' imports: no two packages use each other (directly or
 * around a loop), and every module declares the nl2sql modules it imports in its own pom rather than getting them
 * through another module. Run from the driver module, whose directory sits beside the others.
 */
class PackageGraphTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> MODULES = List.of("picard", "models", "engine", "driver", "benchmarks",
            "examples");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?(dev\\.nl2sql(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    @Test
    void noPackageCycles() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String module : MODULES) {
            for (Path source : sources(module)) {
                String text = read(source);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                Set<String> targets = uses.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(text);
                while (imported.find()) {
                    if (!imported.group(1).equals(pkg.group(1))) {
                        targets.add(imported.group(1));
                    }
                }
            }
        }
        assertTrue(uses.size() > 10, "the sources were not found from " + ROOT.toAbsolutePath());
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = cycleThrough(start, uses);
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "packages that use each other");
    }

    @Test
    void everyModuleDeclaresTheModulesItImports() {
        List<String> undeclared = new ArrayList<>();
        for (String module : MODULES) {
            String pom = read(ROOT.resolve(module).resolve("pom.xml"));
            Set<String> imported = new TreeSet<>();
            for (Path source : sources(module)) {
                Matcher m = IMPORT.matcher(read(source));
                while (m.find()) {
                    imported.add(m.group(1).split("\\.")[2]);
                }
            }
            for (String other : imported) {
                if (!other.equals(module) && !pom.contains("<artifactId>nl2sql-" + other + "</artifactId>")) {
                    undeclared.add(module + " imports " + other);
                }
            }
        }
        assertEquals(List.of(), undeclared, "imports of modules that the pom does not declare");
    }

    /** A path from {@code start} back to itself, or null when none leaves it and returns. */
    private static List<String> cycleThrough(String start, Map<String, Set<String>> uses) {
        List<String> path = new ArrayList<>(List.of(start));
        return search(start, start, uses, path, new TreeSet<>()) ? path : null;
    }

    private static boolean search(String at, String start, Map<String, Set<String>> uses, List<String> path,
            Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                path.add(next);
                return true;
            }
            if (seen.add(next)) {
                path.add(next);
                if (search(next, start, uses, path, seen)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    private static List<Path> sources(String module) {
        Path main = ROOT.resolve(module).resolve("src/main/java");
        if (!Files.isDirectory(main)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
