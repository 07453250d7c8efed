package io.pgsnap.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void aWordWithoutShellCharactersIsPrintedBare() {
    assertEquals("/tmp/pgsnap-demo-1/backups", Demo.shellWord("/tmp/pgsnap-demo-1/backups"));
  }

  @Test
  void aWordWithShellCharactersIsPrintedInSingleQuotes() {
    assertEquals(
        "'postgresql://u@h:5432/d?sslmode=disable'",
        Demo.shellWord("postgresql://u@h:5432/d?sslmode=disable"));
  }

  @Test
  void aSingleQuoteInsideAWordIsClosedEscapedAndReopened() {
    assertEquals("'it'\\''s'", Demo.shellWord("it's"));
  }
}
