package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
  @Test
  void displayQuotesOnlyWhatNeedsQuoting() {
    assertEquals("orders", Identifiers.display("orders"));
    assertEquals("\"Orders\"", Identifiers.display("Orders"));
    assertEquals("\"my table\"", Identifiers.display("my table"));
    assertEquals("\"a.b\"", Identifiers.display("a.b"));
    assertEquals("\"say \"\"hi\"\"\"", Identifiers.display("say \"hi\""));
    assertEquals("\"ü\"", Identifiers.display("ü"));
  }

  @Test
  void displayEscapesControlCharacters() {
    assertEquals("\"a\\x0Ab\\x09\"", Identifiers.display("a\nb\t"));
  }

  @Test
  void tableIdDisplayJoinsTheParts() {
    assertEquals("app.\"Order Items\"", new TableId("app", "Order Items").display());
  }

  @Test
  void quoteIdentLeavesPlainLowerCaseNamesBare() {
    assertEquals("orders", Identifiers.quoteIdent("orders"));
    assertEquals("_x1", Identifiers.quoteIdent("_x1"));
    assertEquals("json_b", Identifiers.quoteIdent("json_b"));
  }

  @Test
  void quoteIdentQuotesNamesTheServerQuotes() {
    assertEquals("\"Orders\"", Identifiers.quoteIdent("Orders"));
    assertEquals("\"1a\"", Identifiers.quoteIdent("1a"));
    assertEquals("\"a$b\"", Identifiers.quoteIdent("a$b"));
    assertEquals("\"a.b\"", Identifiers.quoteIdent("a.b"));
    assertEquals("\"ü\"", Identifiers.quoteIdent("ü"));
    assertEquals("\"\"", Identifiers.quoteIdent(""));
    assertEquals("\"say \"\"hi\"\"\"", Identifiers.quoteIdent("say \"hi\""));
  }

  @Test
  void quoteIdentQuotesEveryKeywordButUnreservedOnes() {
    // reserved, type or function name, column name, and one added by PostgreSQL 16
    assertEquals("\"select\"", Identifiers.quoteIdent("select"));
    assertEquals("\"authorization\"", Identifiers.quoteIdent("authorization"));
    assertEquals("\"integer\"", Identifiers.quoteIdent("integer"));
    assertEquals("\"system_user\"", Identifiers.quoteIdent("system_user"));
    // unreserved keywords stay bare
    assertEquals("name", Identifiers.quoteIdent("name"));
    assertEquals("data", Identifiers.quoteIdent("data"));
    assertEquals("index", Identifiers.quoteIdent("index"));
  }

  @Test
  void keywordsAreMatchedInLowerCaseOnly() {
    assertEquals("\"Select\"", Identifiers.quoteIdent("Select"));
    assertEquals("selects", Identifiers.quoteIdent("selects"));
  }

  @Test
  void bareIdentifiersAreLowerCaseLettersDigitsAndUnderscores() {
    assertTrue(Identifiers.isBareIdentifier("select"));
    assertTrue(Identifiers.isBareIdentifier("_a9"));
    assertFalse(Identifiers.isBareIdentifier("9a"));
    assertFalse(Identifiers.isBareIdentifier("a$"));
    assertFalse(Identifiers.isBareIdentifier("A"));
    assertFalse(Identifiers.isBareIdentifier(""));
  }
}
