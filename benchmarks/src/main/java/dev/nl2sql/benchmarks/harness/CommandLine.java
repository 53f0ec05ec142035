package dev.nl2sql.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a subcommand's arguments: options as {@code --name value} or {@code --name=value}, and bare words such as
 * {@code -Dnl2sql.model=...}. Values that are missing or malformed are {@link UsageException}s naming the option.
 */
final class CommandLine {

    private final List<String> args;
    private int next;
    private String option;
    private String inlineValue;

    CommandLine(List<String> args) {
        this.args = List.copyOf(args);
    }

    /** Moves to the next argument; false at the end. */
    boolean advance() {
        if (next >= args.size()) {
            return false;
        }
        String arg = args.get(next++);
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 2) {
            option = arg.substring(0, eq);
            inlineValue = arg.substring(eq + 1);
        } else {
            option = arg;
            inlineValue = null;
        }
        return true;
    }

    /** The current argument (an option's name without its {@code =value}). */
    String option() {
        return option;
    }

    /** The current option's value: after its {@code =}, or the next argument. */
    String value() throws UsageException {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (next >= args.size()) {
            throw new UsageException(option + " needs a value.");
        }
        return args.get(next++);
    }

    int intValue(int min) throws UsageException {
        String text = value();
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min) {
                throw new UsageException(option + " must be at least " + min + ", not " + value + ".");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not \"" + text + "\".");
        }
    }

    long longValue() throws UsageException {
        String text = value();
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not \"" + text + "\".");
        }
    }

    Path pathValue() throws UsageException {
        String text = value();
        if (text.isBlank()) {
            throw new UsageException(option + " needs a path.");
        }
        return Path.of(text);
    }

    /** A comma-separated list, items trimmed; empty items are refused. */
    List<String> listValue() throws UsageException {
        String text = value();
        List<String> items = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                throw new UsageException(option + " takes a comma-separated list without empty items, not \""
                        + text + "\".");
            }
            items.add(item.strip());
        }
        return items;
    }

    UsageException unknown() {
        return new UsageException("Unknown option \"" + option + "\".");
    }
}
