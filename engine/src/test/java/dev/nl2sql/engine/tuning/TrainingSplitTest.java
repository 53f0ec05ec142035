package dev.nl2sql.engine.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The held-out queries are whole groups, spread over the templates of each shape. */
class TrainingSplitTest {

    private static final String[] NAMES = {"Hampden Park", "Bayview Stadium", "Somerset Park", "Stark's Park",
        "Forthbank Stadium"};

    /** Five lookups of one column by name, and sixty other single-table queries; three wordings each. */
    private static List<TrainingPair> pairs() {
        List<TrainingPair> pairs = new ArrayList<>();
        for (String name : NAMES) {
            String sql = "select lowest from stadium where name = '" + name.replace("'", "''") + "'";
            add(pairs, sql, "What is the lowest of " + name + "?");
        }
        for (int i = 0; i < 60; i++) {
            add(pairs, "select count(*) from stadium where column_" + (char) ('a' + i % 26) + (i / 26) + " > " + i,
                    "How many stadiums have column " + i + " above " + i + "?");
        }
        return pairs;
    }

    private static void add(List<TrainingPair> pairs, String sql, String question) {
        for (String wording : List.of(question, "Tell me: " + question, "Please, " + question)) {
            pairs.add(new TrainingPair(wording, sql, QueryShape.FILTER, "g" + Integer.toHexString(sql.hashCode())));
        }
    }

    @Test
    void aTemplatesQueriesAreSpreadSoThatTrainingKeepsMostOfThem() {
        List<TrainingPair> pairs = pairs();
        for (long seed = 1; seed <= 40; seed++) {
            TrainingSplit split = TrainingSplit.of(pairs, 0.15, seed);
            long lookupsHeldOut = split.validation().stream().filter(p -> p.sql().startsWith("select lowest"))
                    .map(TrainingPair::group).distinct().count();
            // a draw of 10 groups out of 65 at random holds out two or more of the five lookups for one seed in six
            assertTrue(lookupsHeldOut <= 1, "seed " + seed + " held out " + lookupsHeldOut + " of 5 lookups");
            assertEquals(10, split.validation().stream().map(TrainingPair::group).distinct().count(),
                    "15% of 65 queries");
            Set<String> trainGroups = new HashSet<>();
            split.train().forEach(p -> trainGroups.add(p.group()));
            assertTrue(split.validation().stream().noneMatch(p -> trainGroups.contains(p.group())),
                    "a query's wordings stay on one side");
            assertEquals(pairs.size(), split.train().size() + split.validation().size());
        }
    }

    /** Lookups of four columns of five named rows: no row is held out with two of its columns. */
    @Test
    void noValueIsHeldOutWithTwoColumnsWhileItHasOthersLeft() {
        List<TrainingPair> pairs = new ArrayList<>();
        for (String column : List.of("lowest", "highest", "capacity", "location")) {
            for (String name : NAMES) {
                add(pairs, "select " + column + " from stadium where name = '" + name.replace("'", "''") + "'",
                        "What is the " + column + " of " + name + "?");
            }
        }
        for (int i = 0; i < 40; i++) {
            add(pairs, "select count(*) from stadium where column_" + (char) ('a' + i % 26) + (i / 26) + " > " + i,
                    "How many stadiums have column " + i + " above " + i + "?");
        }
        for (long seed = 1; seed <= 40; seed++) {
            TrainingSplit split = TrainingSplit.of(pairs, 0.15, seed);
            List<String> heldNames = split.validation().stream().map(TrainingPair::sql)
                    .filter(sql -> sql.contains("name = ")).distinct() // a query's wordings share its SQL
                    .map(sql -> sql.substring(sql.indexOf('\'')))
                    .toList();
            assertTrue(heldNames.size() >= 2, "about 15% of 20 lookups, seed " + seed + ": " + heldNames);
            assertEquals(heldNames.size(), new HashSet<>(heldNames).size(), "seed " + seed + ": " + heldNames);
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        List<TrainingPair> pairs = pairs();
        assertEquals(TrainingSplit.of(pairs, 0.15, 7), TrainingSplit.of(new ArrayList<>(pairs), 0.15, 7));
        assertTrue(!TrainingSplit.of(pairs, 0.15, 7).validation().equals(TrainingSplit.of(pairs, 0.15, 8)
                .validation()));
    }

    @Test
    void aTemplateLeavesOutItsValues() {
        assertEquals("select lowest from stadium where name = ? and t1.capacity > ?",
                TrainingSplit.template(
                        "select lowest from stadium where name = 'Stark''s Park' and t1.capacity > 3.5"));
    }
}
