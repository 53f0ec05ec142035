package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nl2sql.engine.linking.ValueMatch;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.sql.JDBCType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input the PICARD checkpoints were trained on. */
class PicardInputTest {

    private static DbColumn column(String name) {
        return new DbColumn(name, JDBCType.VARCHAR, "text", true, null, List.of());
    }

    @Test
    void questionDatabaseTablesColumnsAndMatchedValues() {
        DbSchema schema = new DbSchema("main", List.of(
                new DbTable("Singer", DbTable.Kind.TABLE, null, List.of(column("Singer_ID"), column("Name"),
                        column("Country")), List.of("Singer_ID")),
                new DbTable("concert", DbTable.Kind.TABLE, null, List.of(column("concert_Name")), List.of())),
                List.of());
        List<ValueMatch> values = List.of(new ValueMatch("Singer", "Country", "France", "french", 0.8),
                new ValueMatch("Singer", "Country", "Netherlands", "dutch", 0.7));
        assertEquals("How many French singers? | concert_singer | singer : singer_id , name , country ( France , "
                + "Netherlands ) | concert : concert_name",
                PicardInput.serialize("  How many French singers? ", "concert_singer", schema, values));
    }

    @Test
    void aFollowUpAddsTheEarlierQuestionsMostRecentFirstAsPicardsCosqlInputDoes() {
        DbSchema schema = new DbSchema("main", List.of(new DbTable("Singer", DbTable.Kind.TABLE, null,
                List.of(column("Name"), column("Age")), List.of())), List.of());
        // seq2seq/utils/cosql.py: "[utterance n] [serialized schema] || [utterance n-1] | [utterance n-2] | ..."
        assertEquals("Sort them by age | concert_singer | singer : name , age || Only the French ones | "
                + "List the singers",
                PicardInput.serialize(" Sort them by age ", List.of(" Only the French ones", "List the singers"),
                        "concert_singer", schema, List.of()));
        assertEquals(PicardInput.serialize("Sort them by age", "concert_singer", schema, List.of()),
                PicardInput.serialize("Sort them by age", List.of(), "concert_singer", schema, List.of()));
    }

    @Test
    void theDatabaseIdIsTheNameOfWhatTheUrlOpens() {
        assertEquals("concert_singer",
                PicardInput.databaseId("jdbc:sqlite:/data/spider/concert_singer.sqlite\u0000", "main"));
        assertEquals("test", PicardInput.databaseId("jdbc:postgresql://127.0.0.1:5432/test?user=x\u0000x", "public"));
        assertEquals("shop", PicardInput.databaseId("jdbc:mariadb://db:3306/Shop", "shop"));
        assertEquals("sample", PicardInput.databaseId("jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1", "PUBLIC"));
        assertEquals("public", PicardInput.databaseId("jdbc:sqlite::memory:", "PUBLIC"));
    }
}
