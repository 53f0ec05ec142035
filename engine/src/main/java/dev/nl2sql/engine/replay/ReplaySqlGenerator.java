package dev.nl2sql.engine.replay;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.SqlGenerator;
import dev.nl2sql.engine.SqlPrompt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers questions from a file of {@code question<TAB>SQL} lines (UTF-8), so that predictions made elsewhere (a
 * published prediction file, a GPU run) go through exactly the same path as a model's: Calcite's check, the
 * dialect, the bounded execution. A question that is not in the file is an SQLException. A question on several lines
 * has several candidates, in file order: execution-guided choice tries the next when one cannot run or finds nothing
 * (and the same question text asked of different databases, as in Spider, finds the SQL that fits each). A follow-up
 * question may have lines of its own for the conversation it comes in ({@link #answersFor}).
 */
public final class ReplaySqlGenerator implements SqlGenerator {

    private final Path file;
    private final Map<String, List<String>> answers;

    private ReplaySqlGenerator(Path file, Map<String, List<String>> answers) {
        this.file = file;
        this.answers = answers;
    }

    public static ReplaySqlGenerator load(Path file) throws SQLException {
        if (file == null) {
            throw EngineException.general("nl2sql.engine=replay needs nl2sql.replay, a UTF-8 file of "
                    + "question<TAB>SQL lines.");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw EngineException.general("The replay file " + file + " cannot be read: " + e
                    + ". Check nl2sql.replay.", e);
        }
        Map<String, List<String>> answers = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw EngineException.general("Line " + (i + 1) + " of the replay file " + file + " has no tab "
                        + "between the question and its SQL. Write question<TAB>SQL, one per line.");
            }
            answers.computeIfAbsent(normalise(line.substring(0, tab)), q -> new ArrayList<>())
                    .add(line.substring(tab + 1).strip());
        }
        Map<String, List<String>> frozen = new HashMap<>();
        answers.forEach((question, sqls) -> frozen.put(question, List.copyOf(sqls)));
        return new ReplaySqlGenerator(file, Map.copyOf(frozen));
    }

    @Override
    public String modelName() {
        return "replay:" + file.getFileName();
    }

    /** Replayed SQL was written without this grammar; asking again would only give the same line. */
    @Override
    public boolean followsGrammar() {
        return false;
    }

    @Override
    public Generation generate(GenerationRequest request) throws SQLException {
        request.control().check();
        String question = SqlPrompt.questionOf(request.question());
        List<String> sqls = answersFor(request);
        if (sqls == null) {
            throw EngineException.badQuestion("The question \"" + question + "\" is not in the replay file "
                    + file + ". Add a line question<TAB>SQL for it, or use a model engine.");
        }
        if (request.candidate() >= sqls.size()) {
            throw EngineException.badQuestion("The replay file " + file + " has " + sqls.size() + " answer(s) to \""
                    + question + "\" and none of them can run here.");
        }
        return new Generation(sqls.get(request.candidate()), 0, 0, 0);
    }

    @Override
    public boolean hasCandidate(GenerationRequest request) {
        List<String> sqls = answersFor(request);
        return sqls == null ? request.candidate() == 0 : request.candidate() < sqls.size();
    }

    /**
     * The lines for a question. In a conversation, a line may name the earlier questions after the question as
     * PICARD's CoSQL input does ({@code question || previous | the one before}): the line with the longest matching
     * conversation wins, then the question alone.
     */
    private List<String> answersFor(GenerationRequest request) {
        String question = SqlPrompt.questionOf(request.question());
        List<String> earlier = request.conversation().questionsMostRecentFirst();
        for (int n = earlier.size(); n > 0; n--) {
            List<String> sqls = answers.get(normalise(question + " || " + String.join(" | ", earlier.subList(0, n))));
            if (sqls != null) {
                return sqls;
            }
        }
        return answers.get(normalise(question));
    }

    /** Questions match whatever their surrounding and repeated whitespace. */
    private static String normalise(String question) {
        return question.strip().replaceAll("\\s+", " ");
    }
}
