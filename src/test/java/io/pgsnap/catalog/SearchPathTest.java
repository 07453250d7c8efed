package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchPathTest {

  @Test
  void defaultPathPutsPgCatalogFirstAndReplacesUser() {
    assertEquals(
        List.of("pg_catalog", "alice", "public"), SearchPath.parse("\"$user\", public", "alice"));
  }

  @Test
  void explicitPgCatalogKeepsItsPlace() {
    assertEquals(List.of("public", "pg_catalog"), SearchPath.parse("public, pg_catalog", "u"));
  }

  @Test
  void unquotedNamesFoldAndQuotedNamesKeepCaseCommasAndQuotes() {
    assertEquals(
        List.of("pg_catalog", "app", "My, \"Schema\""),
        SearchPath.parse("App ,\"My, \"\"Schema\"\"\"", "u"));
  }

  @Test
  void emptySettingSearchesOnlyPgCatalog() {
    assertEquals(List.of("pg_catalog"), SearchPath.parse("", "u"));
    assertEquals(List.of("pg_catalog"), SearchPath.parse("\"\"", "u"));
  }

  @Test
  void duplicatesCountOnceAtTheirFirstPlace() {
    assertEquals(
        List.of("pg_catalog", "public", "app"), SearchPath.parse("public, app, public", "u"));
  }
}
