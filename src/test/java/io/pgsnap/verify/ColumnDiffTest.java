package io.pgsnap.verify;

import static io.pgsnap.testsupport.SampleManifests.column;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnDiffTest {
  private static final Column ID = column("id", "integer");
  private static final Column NAME = column("name", "text");
  private static final Column NOTE = column("Note", "character varying(20)");

  private static List<String> diff(List<Column> snapshot, List<Column> database) {
    return ColumnDiff.describe(snapshot, database, "snapshot", "database");
  }

  @Test
  void sameColumnsInTheSameOrderAreEqual() {
    assertEquals(List.of(), diff(List.of(ID, NAME), List.of(ID, NAME)));
  }

  @Test
  void anAddedColumnIsNamedWithItsTypeAndNotAlsoAReordering() {
    assertEquals(
        List.of("\"Note\" character varying(20) only in database"),
        diff(List.of(ID, NAME), List.of(ID, NOTE, NAME)));
  }

  @Test
  void aDroppedColumnIsOnlyInTheSnapshot() {
    assertEquals(List.of("\"name\" text only in snapshot"), diff(List.of(ID, NAME), List.of(ID)));
  }

  @Test
  void aChangedTypeNamesBothTypes() {
    assertEquals(
        List.of("\"id\" is integer in snapshot, bigint in database"),
        diff(List.of(ID, NAME), List.of(column("id", "bigint"), NAME)));
  }

  @Test
  void aReorderingListsBothOrders() {
    assertEquals(
        List.of("column order is (\"id\", \"name\") in snapshot, (\"name\", \"id\") in database"),
        diff(List.of(ID, NAME), List.of(NAME, ID)));
  }

  @Test
  void generatedColumnsAreNotCompared() {
    Comparison.Side a = new Comparison.Side("A", "a");
    Comparison.Side b = new Comparison.Side("B", "b");
    List<Column> withGenerated =
        List.of(ID, io.pgsnap.testsupport.SampleManifests.generated("twice", "integer", "id * 2"));

    assertEquals(java.util.Optional.empty(), Differences.columns(List.of(ID), withGenerated, a, b));
  }
}
