package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.LoadOrder.Edge;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOrderTest {
  private static final TableId A = new TableId("public", "a");
  private static final TableId B = new TableId("public", "b");
  private static final TableId C = new TableId("public", "c");
  private static final TableId D = new TableId("public", "d");
  private static final TableId APP_Z = new TableId("app", "z");

  @Test
  void tablesWithoutReferencesLoadInNameOrder() {
    assertEquals(List.of(APP_Z, A, B), LoadOrder.of(List.of(B, A, APP_Z), List.of()).tables());
  }

  @Test
  void referencedTablesLoadBeforeTheTablesThatReferenceThem() {
    LoadOrder order = LoadOrder.of(List.of(A, B, C), List.of(new Edge(A, C), new Edge(B, A)));

    assertEquals(List.of(C, A, B), order.tables());
    assertEquals(List.of(), order.cycleEdges());
  }

  @Test
  void aReadyTableWithTheSmallerNameGoesFirst() {
    // d references nothing; b waits for c. Once c is loaded, b (smaller) precedes d.
    LoadOrder order = LoadOrder.of(List.of(B, C, D), List.of(new Edge(B, C)));

    assertEquals(List.of(C, B, D), order.tables());
  }

  @Test
  void aSelfReferenceIsNotACycle() {
    LoadOrder order = LoadOrder.of(List.of(A), List.of(new Edge(A, A)));

    assertEquals(List.of(A), order.tables());
    assertEquals(List.of(), order.cycleEdges());
  }

  @Test
  void referencesToTablesOutsideTheRestoreAreIgnored() {
    LoadOrder order = LoadOrder.of(List.of(B), List.of(new Edge(B, A)));

    assertEquals(List.of(B), order.tables());
  }

  @Test
  void theEdgesOfATwoTableCycleAreReportedAndBothTablesLoad() {
    LoadOrder order = LoadOrder.of(List.of(A, B), List.of(new Edge(A, B), new Edge(B, A)));

    assertEquals(List.of(A, B), order.tables());
    assertEquals(List.of(new Edge(A, B), new Edge(B, A)), order.cycleEdges());
  }

  @Test
  void aCycleLoadsAfterWhatItReferencesAndBeforeWhatReferencesIt() {
    // d -> (a <-> b) -> c
    LoadOrder order =
        LoadOrder.of(
            List.of(A, B, C, D),
            List.of(new Edge(A, B), new Edge(B, A), new Edge(B, C), new Edge(D, A)));

    assertEquals(List.of(C, A, B, D), order.tables());
    assertEquals(List.of(new Edge(A, B), new Edge(B, A)), order.cycleEdges());
  }

  @Test
  void aLongChainOfReferencesDoesNotOverflowTheStack() {
    List<TableId> tables = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      tables.add(new TableId("s", String.format("t%05d", i)));
      if (i > 0) {
        edges.add(new Edge(tables.get(i - 1), tables.get(i)));
      }
    }
    edges.add(new Edge(tables.get(tables.size() - 1), tables.get(0)));

    LoadOrder order = LoadOrder.of(tables, edges);

    assertEquals(20_000, order.tables().size());
    assertEquals(20_000, order.cycleEdges().size());
  }
}
