package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.testsupport.SampleObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The statements the define phase generates from used objects' fields. */
class DefinitionStatementsTest {

  @Test
  void extensionIsCreatedIfMissingInItsSchemaAtItsVersion() {
    assertEquals(
        List.of("CREATE EXTENSION IF NOT EXISTS \"citext\" WITH SCHEMA \"public\" VERSION '1.6'"),
        sql(SampleObjects.citext()));
  }

  @Test
  void collationNamesItsProviderAndLocales() {
    assertEquals(
        List.of(
            "CREATE COLLATION \"kinds\".\"bytewise\" (provider = libc, lc_collate = 'C',"
                + " lc_ctype = 'C')"),
        sql(SampleObjects.bytewise()));
  }

  @Test
  void enumLabelsAreLiteralsAndTheCommentFollows() {
    assertEquals(
        List.of(
            "CREATE TYPE \"kinds\".\"mood\" AS ENUM ('sad', 'ok', 'happy')",
            "COMMENT ON TYPE \"kinds\".\"mood\" IS 'How it went'"),
        sql(SampleObjects.mood()));
  }

  @Test
  void domainConstraintsAreAddedOneByOne() {
    assertEquals(
        List.of(
            "CREATE DOMAIN \"kinds\".\"positive\" AS integer DEFAULT 1 NOT NULL",
            "ALTER DOMAIN \"kinds\".\"positive\" ADD CONSTRAINT \"positive_check\" CHECK ((VALUE >"
                + " 0))"),
        sql(SampleObjects.positive()));
  }

  @Test
  void compositeAttributesKeepTheirCollations() {
    assertEquals(
        List.of(
            "CREATE TYPE \"kinds\".\"point3\" AS (\"x\" double precision, \"label\" text COLLATE"
                + " \"kinds\".\"bytewise\")"),
        sql(SampleObjects.point3()));
  }

  @Test
  void rangeNamesItsMultirange() {
    assertEquals(
        List.of(
            "CREATE TYPE \"kinds\".\"textrange\" AS RANGE (SUBTYPE = text, COLLATION ="
                + " \"kinds\".\"bytewise\", MULTIRANGE_TYPE_NAME = \"kinds\".\"textmultirange\")"),
        sql(SampleObjects.textrange()));
  }

  @Test
  void functionIsCreatedWithoutReplacingOne() {
    assertEquals(
        List.of(
            "CREATE FUNCTION kinds.double_it(i integer)\n RETURNS integer\n LANGUAGE sql\n"
                + " IMMUTABLE\nAS $function$SELECT i * 2$function$\n"),
        sql(SampleObjects.doubleIt()));
  }

  @Test
  void undoDropsEachKindByItsOwnStatement() {
    assertEquals(
        List.of(
            "DROP EXTENSION IF EXISTS \"citext\"",
            "DROP DOMAIN IF EXISTS \"kinds\".\"positive\"",
            "DROP TYPE IF EXISTS \"kinds\".\"mood\"",
            "DROP FUNCTION IF EXISTS \"kinds\".\"double_it\"(i integer)"),
        List.of(
                SampleObjects.citext(),
                SampleObjects.positive(),
                SampleObjects.mood(),
                SampleObjects.doubleIt())
            .stream()
            .map(o -> DefinitionStatements.drop(o).sql())
            .toList());
  }

  @Test
  void ownerAndChangedPrivilegesFollowForRolesTheTargetHas() {
    List<String> notes = new ArrayList<>();

    List<String> sql =
        DefinitionOwnership.statements(
                List.of(SampleObjects.positive()), false, false, Set.of(), notes)
            .stream()
            .map(PlannedStatement::sql)
            .toList();

    assertEquals(
        List.of(
            "ALTER DOMAIN \"kinds\".\"positive\" OWNER TO \"app\"",
            "REVOKE ALL ON DOMAIN \"kinds\".\"positive\" FROM PUBLIC",
            "REVOKE ALL ON DOMAIN \"kinds\".\"positive\" FROM \"app\"",
            "GRANT USAGE ON DOMAIN \"kinds\".\"positive\" TO \"app\""),
        sql);
    assertEquals(List.of(), notes);
  }

  @Test
  void aMissingOwnerOrGranteeIsLeftOutWithAWarning() {
    UsedObject.Function f =
        new UsedObject.Function(
            new TableId("kinds", "f"),
            "",
            false,
            "CREATE FUNCTION kinds.f() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
            "gone",
            List.of("gone=X/gone", "clerk=X*/gone", "=X/gone"),
            null);
    List<String> notes = new ArrayList<>();

    List<String> sql =
        DefinitionOwnership.statements(List.of(f), false, false, Set.of("gone"), notes).stream()
            .map(PlannedStatement::sql)
            .toList();

    assertEquals(
        List.of(
            "REVOKE ALL ON FUNCTION \"kinds\".\"f\"() FROM PUBLIC",
            "REVOKE ALL ON FUNCTION \"kinds\".\"f\"() FROM CURRENT_USER",
            "GRANT EXECUTE ON FUNCTION \"kinds\".\"f\"() TO CURRENT_USER",
            "GRANT EXECUTE ON FUNCTION \"kinds\".\"f\"() TO \"clerk\" WITH GRANT OPTION",
            "GRANT EXECUTE ON FUNCTION \"kinds\".\"f\"() TO PUBLIC"),
        sql);
    assertEquals(
        List.of(
            "warning: the owner of function kinds.f(), role gone, does not exist in the target:"
                + " it stays owned by the restoring role"),
        notes);
  }

  @Test
  void noOwnerAndNoPrivilegesLeaveBothOut() {
    assertEquals(
        List.of(),
        DefinitionOwnership.statements(
            List.of(SampleObjects.positive()), true, true, Set.of(), new ArrayList<>()));
  }

  private static List<String> sql(UsedObject o) {
    return DefinitionStatements.create(o).stream().map(PlannedStatement::sql).toList();
  }
}
