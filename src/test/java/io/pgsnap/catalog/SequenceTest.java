package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SequenceTest {
  private static final TableId SEQ = new TableId("app", "o'rders_id_seq");
  private static final Sequence.OwnedBy OWNER =
      new Sequence.OwnedBy(new TableId("app", "orders"), "Id");

  private static Sequence sequence(Sequence.OwnedBy ownedBy, boolean identity) {
    return new Sequence(SEQ, "integer", 1, 1, 1, 2147483647, 1, false, 42, true, ownedBy, identity);
  }

  @Test
  void createSqlCarriesTypeAndOptions() {
    assertEquals(
        "CREATE SEQUENCE \"app\".\"o'rders_id_seq\" AS integer START WITH 1 INCREMENT BY 1"
            + " MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE",
        sequence(OWNER, false).createSql());
  }

  @Test
  void identitySequenceHasNoCreateSqlOfItsOwn() {
    assertThrows(IllegalStateException.class, () -> sequence(OWNER, true).createSql());
  }

  @Test
  void ownedBySqlTiesASerialSequenceToItsColumn() {
    assertEquals(
        "ALTER SEQUENCE \"app\".\"o'rders_id_seq\" OWNED BY \"app\".\"orders\".\"Id\"",
        sequence(OWNER, false).ownedBySql());
    assertNull(sequence(null, false).ownedBySql());
    assertNull(sequence(OWNER, true).ownedBySql());
  }

  @Test
  void setValueSqlRestoresValueAndIsCalled() {
    assertEquals(
        "SELECT pg_catalog.setval('\"app\".\"o''rders_id_seq\"', 42, true)",
        sequence(OWNER, false).setValueSql());
  }
}
