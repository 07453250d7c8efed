package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
