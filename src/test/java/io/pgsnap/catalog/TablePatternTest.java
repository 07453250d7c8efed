package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TablePatternTest {

  private static boolean matches(String pattern, String schema, String table) {
    return TablePattern.table(pattern).matches(new TableId(schema, table));
  }

  @Test
  void plainNameMatchesThatNameInAnySchemaAndIsUnqualified() {
    TablePattern p = TablePattern.table("orders");

    assertFalse(p.isQualified());
    assertTrue(p.matches(new TableId("public", "orders")));
    assertTrue(p.matches(new TableId("app", "orders")));
  }

  @Test
  void patternMatchesWholeNamesOnly() {
    assertFalse(matches("order", "public", "orders"));
    assertFalse(matches("rders", "public", "orders"));
    assertFalse(matches("public.orders", "public", "orders_old"));
  }

  @Test
  void starMatchesAnySequenceIncludingNone() {
    assertTrue(matches("ord*", "public", "ord"));
    assertTrue(matches("ord*", "public", "orders_2024"));
    assertTrue(matches("*", "public", ""));
    assertTrue(matches("*s", "public", "orders"));
    assertFalse(matches("*s", "public", "order"));
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    assertTrue(matches("order?", "public", "orders"));
    assertFalse(matches("order?", "public", "order"));
    assertFalse(matches("order?", "public", "orderss"));
  }

  @Test
  void questionMarkMatchesOneCodePointOutsideTheBasicPlane() {
    assertTrue(matches("t?", "public", "t\uD83D\uDE00"));
  }

  @Test
  void unquotedAsciiLettersFoldToLowerCase() {
    assertTrue(matches("Orders", "public", "orders"));
    assertFalse(matches("Orders", "public", "Orders"));
    assertTrue(matches("PUBLIC.ORDERS", "public", "orders"));
  }

  @Test
  void unquotedNonAsciiLettersAreNotFolded() {
    // PostgreSQL folds only ASCII letters of unquoted identifiers.
    assertTrue(matches("Ärger", "public", "Ärger"));
    assertFalse(matches("Ärger", "public", "ärger"));
  }

  @Test
  void quotedPartKeepsCaseAndMakesWildcardsLiteral() {
    assertTrue(matches("\"Orders\"", "public", "Orders"));
    assertFalse(matches("\"Orders\"", "public", "orders"));
    assertTrue(matches("\"a*b?\"", "public", "a*b?"));
    assertFalse(matches("\"a*b?\"", "public", "axxbc"));
  }

  @Test
  void doubledQuoteInsideQuotesIsOneQuote() {
    assertTrue(matches("\"say \"\"hi\"\"\"", "public", "say \"hi\""));
  }

  @Test
  void quotedAndUnquotedPartsCombine() {
    assertTrue(matches("\"My\"Table*", "public", "Mytable_1"));
    assertFalse(matches("\"My\"Table*", "public", "MyTable_1"));
  }

  @Test
  void dotOutsideQuotesSeparatesSchemaFromTable() {
    TablePattern p = TablePattern.table("app.orders");

    assertTrue(p.isQualified());
    assertTrue(p.matches(new TableId("app", "orders")));
    assertFalse(p.matches(new TableId("public", "orders")));
    assertTrue(p.matchesSchema("app"));
    assertFalse(p.matchesSchema("App"));
  }

  @Test
  void dotInsideQuotesIsPartOfTheName() {
    TablePattern p = TablePattern.table("\"my.table\"");

    assertFalse(p.isQualified());
    assertTrue(p.matches(new TableId("public", "my.table")));
    assertTrue(matches("\"my.schema\".\"my.table\"", "my.schema", "my.table"));
  }

  @Test
  void emptyTablePartMatchesEveryTableOfTheSchema() {
    TablePattern p = TablePattern.table("app.");

    assertTrue(p.isQualified());
    assertTrue(p.matches(new TableId("app", "anything")));
    assertFalse(p.matches(new TableId("public", "anything")));
  }

  @Test
  void emptySchemaPartMatchesAnySchema() {
    assertTrue(matches(".orders", "whatever", "orders"));
  }

  @Test
  void wildcardsWorkInTheSchemaPart() {
    assertTrue(matches("tenant_*.orders", "tenant_42", "orders"));
    assertFalse(matches("tenant_*.orders", "public", "orders"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "a+b ; a+b ; aab",
        "a[0-9] ; a[0-9] ; a1",
        "(x|y) ; (x|y) ; x",
        "a$ ; a$ ; a",
        "^a ; ^a ; a",
        "a\\d ; a\\d ; a1",
        "a{2} ; a{2} ; aa",
      })
  void regularExpressionCharactersAreLiteral(String pattern, String literal, String notMatched) {
    assertTrue(matches(pattern, "public", literal));
    assertFalse(matches(pattern, "public", notMatched));
  }

  @Test
  void moreThanOneDotIsAUsageError() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> TablePattern.table("db.public.orders"));

    assertEquals(ErrorCode.USAGE, e.code());
    assertTrue(e.getMessage().startsWith("--table pattern 'db.public.orders'"), e.getMessage());
    assertTrue(e.getMessage().contains("too many dotted names"), e.getMessage());
  }

  @Test
  void unterminatedQuoteIsAUsageError() {
    PgsnapException e = assertThrows(PgsnapException.class, () -> TablePattern.table("\"orders"));

    assertEquals(ErrorCode.USAGE, e.code());
    assertTrue(e.getMessage().contains("unterminated double quote"), e.getMessage());
  }

  @Test
  void schemaPatternMatchesEveryTableOfMatchingSchemas() {
    TablePattern p = TablePattern.schema("App*");

    assertTrue(p.isQualified());
    assertTrue(p.matches(new TableId("app", "x")));
    assertTrue(p.matches(new TableId("app_2", "y")));
    assertFalse(p.matches(new TableId("public", "x")));
  }

  @Test
  void schemaPatternWithADotIsAUsageErrorUnlessQuoted() {
    PgsnapException e = assertThrows(PgsnapException.class, () -> TablePattern.schema("a.b"));

    assertEquals(ErrorCode.USAGE, e.code());
    assertTrue(e.getMessage().startsWith("--schema pattern 'a.b'"), e.getMessage());
    assertTrue(TablePattern.schema("\"a.b\"").matchesSchema("a.b"));
  }

  @Test
  void textIsThePatternAsWritten() {
    assertEquals("\"My\".t*", TablePattern.table("\"My\".t*").text());
    assertEquals("\"My\".t*", TablePattern.table("\"My\".t*").toString());
  }
}
