package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {
  @Test
  void anUnqualifiedNameFoldsToLowerCase() {
    assertEquals(List.of("orders_old"), Selection.splitName("Orders_Old"));
  }

  @Test
  void aQualifiedNameSplitsAtTheDot() {
    assertEquals(List.of("archive", "orders"), Selection.splitName("archive.orders"));
  }

  @Test
  void doubleQuotesKeepCaseDotsAndSpaces() {
    assertEquals(
        List.of("Other Schema", "a.b \"c\""),
        Selection.splitName("\"Other Schema\".\"a.b \"\"c\"\"\""));
  }

  @Test
  void onlyAsciiLettersFoldAsPostgresqlFoldsUnquotedNames() {
    assertEquals(List.of("\u00c9t\u00c9"), Selection.splitName("\u00c9T\u00c9"));
  }

  @Test
  void wildcardsAreNotNames() {
    assertNull(Selection.splitName("orders_*"));
  }

  @Test
  void moreThanTwoPartsAreNotANameOfATable() {
    assertNull(Selection.splitName("db.schema.table"));
  }

  @Test
  void anEmptyPartIsNotAName() {
    assertNull(Selection.splitName("schema."));
    assertNull(Selection.splitName(".table"));
  }

  @Test
  void anUnterminatedQuoteIsNotAName() {
    assertNull(Selection.splitName("\"orders"));
  }
}
