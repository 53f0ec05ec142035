package dev.nl2sql.engine.t5.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small training set in the T5 form the training-set command writes, over concert_singer's schema. */
final class TinyTrainingSet {

    static final String SCHEMA = " | concert_singer | stadium : stadium_id , location , name , capacity | singer : "
            + "singer_id , name , country , age | concert : concert_id , concert_name , year , stadium_id";

    static final String[][] PAIRS = {
        {"How many singers are there?", "select count(*) from singer"},
        {"How many stadiums are there?", "select count(*) from stadium"},
        {"How many concerts are there?", "select count(*) from concert"},
        {"List the names of all singers.", "select name from singer"},
        {"What are the names of the stadiums?", "select name from stadium"},
        {"Show the countries of the singers.", "select country from singer"},
        {"What is the average age of singers?", "select avg(age) from singer"},
        {"What is the largest stadium capacity?", "select max(capacity) from stadium"},
    };

    private TinyTrainingSet() {
    }

    /** Writes {@code t5/train.jsonl} (all pairs) and {@code t5/validation.jsonl} (the first two) under the folder. */
    static Path write(Path folder) throws IOException {
        Path t5 = Files.createDirectories(folder.resolve("t5"));
        List<String> lines = new ArrayList<>();
        for (String[] pair : PAIRS) {
            lines.add(line(pair));
        }
        Files.write(t5.resolve("train.jsonl"), lines);
        Files.write(t5.resolve("validation.jsonl"), lines.subList(0, 2));
        return folder;
    }

    static String input(String question) {
        return question + SCHEMA;
    }

    private static String line(String[] pair) {
        return "{\"input\": \"" + input(pair[0]) + "\", \"target\": \"concert_singer | " + pair[1] + "\"}";
    }
}
