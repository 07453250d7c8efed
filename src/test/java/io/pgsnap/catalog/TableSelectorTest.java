package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.CatalogReader.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The selection rules of {@link CatalogReader}, on candidates made up here. */
class TableSelectorTest {
  private static final String PATH = "\"$user\", public";

  private static long nextOid = 1000;

  private static Candidate table(String schema, String name, boolean visible) {
    return new Candidate(nextOid++, new TableId(schema, name), 'r', false, null, visible, false);
  }

  private static Candidate partition(String schema, String name, TableId root) {
    return new Candidate(nextOid++, new TableId(schema, name), 'r', true, root, true, false);
  }

  private static Candidate sequence(String schema, String name, boolean owned) {
    return new Candidate(nextOid++, new TableId(schema, name), 'S', false, null, true, owned);
  }

  private static final Candidate ORDERS = table("public", "orders", true);
  private static final Candidate EVENTS =
      new Candidate(nextOid++, new TableId("public", "events"), 'p', false, null, true, false);
  private static final Candidate EVENTS_2024 = partition("public", "events_2024", EVENTS.id());
  private static final Candidate APP_ORDERS = table("app", "orders", false);
  private static final Candidate APP_USERS = table("app", "users", false);
  private static final Candidate AUDIT_LOG = table("audit", "log", false);
  private static final Candidate FREE_SEQ = sequence("public", "free_seq", false);
  private static final Candidate OWNED_SEQ = sequence("public", "orders_id_seq", true);
  private static final Candidate APP_SEQ = sequence("app", "app_seq", false);

  private static final List<Candidate> ALL =
      List.of(
          ORDERS,
          EVENTS,
          EVENTS_2024,
          APP_ORDERS,
          APP_USERS,
          AUDIT_LOG,
          FREE_SEQ,
          OWNED_SEQ,
          APP_SEQ);

  private static List<Candidate> select(TableSelection selection) {
    return new CatalogReader.Selector(selection).select(ALL, PATH);
  }

  private static TableSelection of(
      List<String> schemas, List<String> tables, List<String> exSchemas, List<String> exTables) {
    return new TableSelection(schemas, tables, exSchemas, exTables);
  }

  @Test
  void defaultSelectsTablesOfPublicButNotPartitionsOrSequences() {
    assertEquals(List.of(ORDERS, EVENTS), select(TableSelection.defaults()));
  }

  @Test
  void schemaPatternSelectsEveryTableOfMatchingSchemas() {
    assertEquals(
        List.of(APP_ORDERS, APP_USERS, AUDIT_LOG),
        select(of(List.of("a*"), List.of(), List.of(), List.of())));
  }

  @Test
  void unqualifiedTablePatternSeesOnlyVisibleTables() {
    assertEquals(List.of(ORDERS), select(of(List.of(), List.of("orders"), List.of(), List.of())));
  }

  @Test
  void qualifiedTablePatternSeesEverySchema() {
    assertEquals(
        List.of(ORDERS, APP_ORDERS),
        select(of(List.of(), List.of("*.orders"), List.of(), List.of())));
  }

  @Test
  void schemasAndTablesAddUpWithoutDuplicates() {
    assertEquals(
        List.of(AUDIT_LOG, ORDERS),
        select(of(List.of("audit"), List.of("orders", "audit.log"), List.of(), List.of())));
  }

  @Test
  void excludesApplyAfterIncludes() {
    assertEquals(
        List.of(APP_USERS),
        select(of(List.of("app", "audit"), List.of(), List.of("audit"), List.of("app.orders"))));
  }

  @Test
  void unqualifiedExcludeRemovesOnlyVisibleTables() {
    assertEquals(
        List.of(APP_ORDERS, EVENTS),
        select(of(List.of(), List.of("*.orders", "events"), List.of(), List.of("orders"))));
  }

  @Test
  void tablePatternMatchingNothingNamesTheOptionAndPattern() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> select(of(List.of(), List.of("nope"), List.of(), List.of())));

    assertEquals(ErrorCode.USAGE, e.code());
    assertTrue(e.getMessage().startsWith("--table pattern 'nope' matches no table"));
  }

  @Test
  void tablePatternMatchingOnlyAPartitionPointsToTheRoot() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> select(of(List.of(), List.of("events_2024"), List.of(), List.of())));

    assertEquals(
        "--table pattern 'events_2024' matches no table: public.events_2024 is a partition of"
            + " public.events; pgsnap exports partitions through their root, select"
            + " public.events.",
        e.getMessage());
  }

  @Test
  void unqualifiedPatternMatchingOnlyInvisibleTablesSuggestsQualifying() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> select(of(List.of(), List.of("users"), List.of(), List.of())));

    assertTrue(
        e.getMessage()
            .startsWith(
                "--table pattern 'users' matches no table on the search path (\"$user\","
                    + " public), but matches app.users; qualify the pattern"),
        e.getMessage());
  }

  @Test
  void schemaPatternMatchingNothingIsAUsageError() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> select(of(List.of("nowhere"), List.of(), List.of(), List.of())));

    assertEquals(ErrorCode.USAGE, e.code());
    assertTrue(e.getMessage().startsWith("--schema pattern 'nowhere' matches no table"));
  }

  @Test
  void excludePatternMatchingNothingIsFine() {
    assertEquals(
        List.of(ORDERS, EVENTS),
        select(of(List.of(), List.of(), List.of("nowhere"), List.of("nothing"))));
  }

  @Test
  void malformedPatternFailsBeforeAnyQuery() {
    assertThrows(
        PgsnapException.class,
        () -> new CatalogReader.Selector(of(List.of(), List.of(), List.of(), List.of("a.b.c"))));
  }

  @Test
  void standaloneSequencesFollowTheSchemaSelection() {
    CatalogReader.Selector bySchema =
        new CatalogReader.Selector(of(List.of("app"), List.of(), List.of(), List.of()));
    CatalogReader.Selector byDefault = new CatalogReader.Selector(TableSelection.defaults());

    assertEquals(List.of(APP_SEQ.oid()), bySchema.standaloneSequences(ALL));
    assertEquals(List.of(FREE_SEQ.oid()), byDefault.standaloneSequences(ALL));
  }

  @Test
  void noStandaloneSequencesWhenTablesAreNamed() {
    CatalogReader.Selector byTable =
        new CatalogReader.Selector(of(List.of("app"), List.of("orders"), List.of(), List.of()));

    assertEquals(List.of(), byTable.standaloneSequences(ALL));
  }

  @Test
  void excludeTablePatternAlsoExcludesStandaloneSequences() {
    CatalogReader.Selector selector =
        new CatalogReader.Selector(of(List.of(), List.of(), List.of(), List.of("free_*")));

    assertEquals(List.of(), selector.standaloneSequences(ALL));
  }
}
