package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order used objects are recorded and created in. */
class DependencyOrderTest {
  private static final UsedObject SCHEMA = new UsedObject.Schema("s", null, null, null);
  private static final UsedObject MOOD =
      new UsedObject.EnumType(new TableId("s", "mood"), List.of("a"), null, null, null);
  private static final UsedObject ALPHA =
      new UsedObject.EnumType(new TableId("s", "alpha"), List.of("a"), null, null, null);
  private static final UsedObject CHECKER =
      new UsedObject.Function(
          new TableId("s", "checker"),
          "",
          false,
          "CREATE FUNCTION s.checker() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
          null,
          null,
          null);
  private static final UsedObject DOMAIN =
      new UsedObject.Domain(
          new TableId("s", "d"), "integer", null, null, false, List.of(), null, null, null);

  @Test
  void withoutDependenciesObjectsGoByKindThenName() {
    assertEquals(
        List.of(SCHEMA, ALPHA, MOOD, CHECKER),
        new DependencyOrder<String>().order(nodes(CHECKER, MOOD, SCHEMA, ALPHA)));
  }

  @Test
  void aDependencyThroughAnUnrecordedObjectPutsTheFunctionBeforeTheDomain() {
    DependencyOrder<String> order = new DependencyOrder<>();
    // The domain's CHECK constraint (not recorded itself) calls the function.
    order.depends(DOMAIN.displayName(), "constraint");
    order.depends("constraint", CHECKER.displayName());

    assertEquals(List.of(CHECKER, DOMAIN), order.order(nodes(DOMAIN, CHECKER)));
  }

  @Test
  void aCycleIsBrokenAtItsFirstObjectByKindAndName() {
    DependencyOrder<String> order = new DependencyOrder<>();
    order.depends(MOOD.displayName(), CHECKER.displayName());
    order.depends(CHECKER.displayName(), MOOD.displayName());

    assertEquals(List.of(MOOD, CHECKER), order.order(nodes(CHECKER, MOOD)));
  }

  private static Map<String, UsedObject> nodes(UsedObject... objects) {
    Map<String, UsedObject> nodes = new LinkedHashMap<>();
    for (UsedObject o : objects) {
      nodes.put(o.displayName(), o);
    }
    return nodes;
  }
}
