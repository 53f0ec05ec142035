package dev.nl2sql.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;

/** Checks of option values that picocli's types do not make, as {@link UsageException}s naming the option. */
final class OptionChecks {

    private OptionChecks() {
    }

    static int atLeast(String option, int value, int min) throws UsageException {
        if (value < min) {
            throw new UsageException(option + " must be at least " + min + ", not " + value + ".");
        }
        return value;
    }

    /** The items of a comma-separated option (split by picocli), trimmed; empty items are refused. */
    static List<String> items(String option, List<String> values) throws UsageException {
        List<String> items = new ArrayList<>();
        for (String item : values) {
            if (item.isBlank()) {
                throw new UsageException(option + " takes a comma-separated list without empty items, not \""
                        + String.join(",", values) + "\".");
            }
            items.add(item.strip());
        }
        return items;
    }
}
