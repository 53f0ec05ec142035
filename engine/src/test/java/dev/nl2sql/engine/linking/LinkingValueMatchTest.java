package dev.nl2sql.engine.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Values named in a question are found as the database spells them. */
class LinkingValueMatchTest {

    private static ValueIndex cities() {
        ValueIndex.Builder b = new ValueIndex.Builder(100_000);
        int city = b.column("city", "name");
        for (String v : List.of("Berlin", "São Paulo", "Zurich", "New York", "Philadelphia", "Rome", "Barcelona")) {
            b.add(city, v);
        }
        int person = b.column("person", "first_name");
        for (String v : List.of("James", "Ana", "O'Neil")) {
            b.add(person, v);
        }
        int band = b.column("band", "name");
        b.add(band, "The Beatles");
        b.add(band, "Berlin"); // the same value in a second column
        return b.build();
    }

    private static List<String> found(String question) {
        return cities().match(question, 10).stream().map(m -> m.table() + "." + m.column() + "=" + m.value()).toList();
    }

    @Test
    void caseDoesNotMatter() {
        assertTrue(found("how many people live in berlin?").contains("city.name=Berlin"));
        assertTrue(found("how many people live in BERLIN?").contains("band.name=Berlin"));
    }

    @Test
    void accentsDoNotMatter() {
        assertTrue(found("flights to Sao Paulo").contains("city.name=São Paulo"));
        assertTrue(found("flights to Zürich").contains("city.name=Zurich"));
    }

    @Test
    void oneTypoFromFiveLettersTwoFromNine() {
        assertTrue(found("hotels in Berlni").contains("city.name=Berlin"), "transposed letters");
        assertTrue(found("hotels in Barcelna").contains("city.name=Barcelona"), "a missing letter");
        assertTrue(found("hotels in Philedelpia").contains("city.name=Philadelphia"), "two edits, 12 letters");
        assertFalse(found("hotels in Roma").contains("city.name=Rome"), "four letters: exact only");
        assertFalse(found("hotels in Brelinn").contains("city.name=Berlin"), "two edits on six letters");
    }

    @Test
    void aTypoInTheFirstLetterIsNotAVariant() {
        assertFalse(found("what are the names of the people").contains("person.first_name=James"));
    }

    @Test
    void multiwordValuesAndTheStoredSpelling() {
        List<ValueMatch> matches = cities().match("restaurants in new york city", 10);
        ValueMatch ny = matches.stream().filter(m -> m.value().equals("New York")).findFirst().orElseThrow();
        assertEquals("new york", ny.matched());
        assertEquals("city", ny.table());
        assertTrue(found("friends of o'neil").contains("person.first_name=O'Neil"));
    }

    @Test
    void quotedTextIsLookedUpWholeAndScoresHigher() {
        List<ValueMatch> matches = cities().match("albums by 'the beatles' sold in Rome", 10);
        assertEquals("The Beatles", matches.get(0).value());
        assertTrue(matches.get(0).score() > 1.0);
        assertTrue(matches.stream().anyMatch(m -> m.value().equals("Rome")));
    }

    @Test
    void questionWordsAloneAreNotLookedUp() {
        ValueIndex.Builder b = new ValueIndex.Builder(1000);
        int c = b.column("t", "c");
        b.add(c, "Name");
        b.add(c, "How many");
        assertEquals(List.of(), b.build().match("How many names are there?", 10));
    }

    @Test
    void theNumberOfMatchesIsCapped() {
        ValueIndex.Builder b = new ValueIndex.Builder(1000);
        int columns = ValueIndex.MAX_COLUMNS_PER_TEXT + 10;
        for (int i = 0; i < columns; i++) {
            b.add(b.column("t" + i, "c"), "Lisbon");
        }
        ValueIndex index = b.build();
        assertEquals(columns, index.size());
        assertEquals(3, index.match("Lisbon", 3).size());
        // a bounded number of columns per text of the question, so that a common value cannot crowd out the others
        assertEquals(ValueIndex.MAX_COLUMNS_PER_TEXT, index.match("Lisbon", 10_000).size());
    }

    @Test
    void normalizationAndIdentifierWords() {
        assertEquals("sao paulo o neil", NormalizedText.of("  São-Paulo, O'Neil! "));
        assertEquals(List.of("song", "release", "year"), WordForms.identifierWords("Song_release_year"));
        assertEquals(List.of("song", "release", "year"), WordForms.identifierWords("SongReleaseYear"));
        assertEquals(List.of("gnp", "old"), WordForms.identifierWords("GNPOld"));
        assertEquals(List.of("address", "line", "1"), WordForms.identifierWords("address_line1"));
        assertEquals(WordForms.stem("country"), WordForms.stem("countries"));
        assertEquals(WordForms.stem("location"), WordForms.stem("located"));
        assertEquals(WordForms.stem("singer"), WordForms.stem("singers"));
        assertEquals(WordForms.stem("address"), WordForms.stem("addresses"));
    }

    @Test
    void editDistanceIsBounded() {
        assertEquals(0, EditDistance.within("berlin", "berlin", 1));
        assertEquals(1, EditDistance.within("berlin", "berlni", 1));
        assertEquals(2, EditDistance.within("berlin", "brelinn", 1));
        assertEquals(2, EditDistance.within("philadelphia", "philedelpia", 2));
        assertEquals(3, EditDistance.within("abc", "xyzabc", 2));
    }
}
