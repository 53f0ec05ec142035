package dev.nl2sql.benchmarks.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The coverage report in Markdown: the figures, every refused gold query with its reasons, and accepted mutants. */
public final class CoverageMarkdown {

    private CoverageMarkdown() {
    }

    public static String render(JsonNode r) {
        StringBuilder md = new StringBuilder("# picard coverage\n\n");
        md.append("Questions: `").append(r.get("questions_file").asText()).append("`; schemas: ")
                .append(r.get("schema_source").asText()).append(".\n\n");
        md.append(String.format(Locale.ROOT, "Measured %d of %d questions (skipped %d: databases missing %s).%n%n",
                r.get("questions_measured").asInt(), r.get("questions_total").asInt(),
                r.get("questions_skipped").asInt(), r.get("databases_missing")));
        md.append("| measure | value |\n| --- | --- |\n");
        row(md, "gold accepted by the grammar (canonical form)", r, "gold_coverage_grammar", "gold_accepted_grammar");
        row(md, "gold accepted by the checker (as written, every prefix)", r, "gold_coverage_checker",
                "gold_accepted_checker");
        row(md, "gold accepted by both", r, "gold_coverage_both", "gold_accepted_both");
        md.append(String.format(Locale.ROOT, "| mutants rejected by the checker | %.2f%% of %d |%n",
                100 * r.get("mutants_rejected").asDouble(), r.get("mutants").asInt()));
        md.append(String.format(Locale.ROOT, "| mutants rejected by the grammar | %.2f%% |%n",
                100 * r.get("mutants_rejected_grammar").asDouble()));
        md.append(String.format(Locale.ROOT, "| grammar vs names-only checker disagreements | %d of %d |%n",
                r.get("agreement_disagreements").asInt(), r.get("agreement_checked").asInt()));
        md.append("\n## Mutants by kind\n\n| kind | mutants | rejected by checker | rejected by grammar |\n"
                + "| --- | --- | --- | --- |\n");
        r.get("mutants_by_kind").fields().forEachRemaining(e -> md.append(String.format(Locale.ROOT,
                "| %s | %d | %.2f%% | %.2f%% |%n", e.getKey(), e.getValue().get("mutants").asInt(),
                100 * e.getValue().get("rejected_checker").asDouble(),
                100 * e.getValue().get("rejected_grammar").asDouble())));
        md.append("\n## Refused gold queries (").append(r.get("refused").size()).append(")\n\n");
        for (JsonNode q : r.get("refused")) {
            md.append("- #").append(q.get("index").asInt()).append(" `").append(q.get("db_id").asText())
                    .append("`: `").append(q.get("query").asText()).append("`\n  - grammar: ")
                    .append(q.get("grammar").asText()).append("\n  - checker: ").append(q.get("checker").asText())
                    .append('\n');
        }
        md.append("\n## Mutants the checker accepted (").append(r.get("mutants_accepted_by_checker").size())
                .append(")\n\n");
        for (JsonNode m : r.get("mutants_accepted_by_checker")) {
            md.append("- #").append(m.get("index").asInt()).append(' ').append(m.get("kind").asText()).append(" (")
                    .append(m.get("change").asText()).append("): `").append(m.get("sql").asText()).append("`\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String label, JsonNode r, String fraction, String count) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f%% (%d) |%n", label, 100 * r.get(fraction).asDouble(),
                r.get(count).asInt()));
    }
}
