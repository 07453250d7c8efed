package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.testsupport.SampleObjects;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate for a manifest's used objects: what a restore would embed in SQL, read first. */
class UsedObjectChecksTest {
  private static final TableId DOUBLE_IT = new TableId("kinds", "double_it");

  @Test
  void objectsAsTheServerPrintsThemPass() {
    for (UsedObject o : SampleObjects.everyKind()) {
      assertDoesNotThrow(() -> UsedObjectChecks.check(o), o.displayName());
    }
  }

  @Test
  void functionDefinitionWithASecondStatementIsRefused() {
    String message =
        refused(
            function(
                "CREATE FUNCTION kinds.double_it(i integer) RETURNS integer LANGUAGE sql"
                    + " AS 'SELECT i * 2'; ALTER ROLE app SUPERUSER"));

    assertEquals(
        "the manifest's objects entry for function kinds.double_it(i integer) holds more than one"
            + " statement; the snapshot was tampered with or damaged",
        message);
  }

  @Test
  void functionDefinitionThatCreatesAnotherFunctionIsRefused() {
    String message =
        refused(
            function(
                "CREATE OR REPLACE FUNCTION public.lower(t text) RETURNS text LANGUAGE sql"
                    + " AS 'SELECT t'"));

    assertEquals(
        "the manifest's objects entry for function kinds.double_it(i integer) has a definition"
            + " that creates public.lower instead; the snapshot was tampered with or damaged",
        message);
  }

  @Test
  void functionDefinitionThatIsNoCreateFunctionIsRefused() {
    String message = refused(function("DROP TABLE shop.orders"));

    assertEquals(
        "the manifest's objects entry for function kinds.double_it(i integer) is not CREATE"
            + " FUNCTION but DROP TABLE; the snapshot was tampered with or damaged",
        message);
  }

  @Test
  void procedureDefinitionForAFunctionEntryIsRefused() {
    String message =
        refused(function("CREATE PROCEDURE kinds.double_it(i integer) LANGUAGE sql AS ''"));

    assertEquals(
        "the manifest's objects entry for function kinds.double_it(i integer) is not CREATE"
            + " FUNCTION but CREATE PROCEDURE; the snapshot was tampered with or damaged",
        message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"integer; DROP TABLE t", "integer) (", "numeric(6", "integer, evil text"})
  void domainBaseTypeThatIsNoSingleTypeIsRefused(String baseType) {
    UsedObject.Domain d = SampleObjects.positive();

    refused(
        new UsedObject.Domain(
            d.id(), baseType, null, null, false, List.of(), d.owner(), d.acl(), d.comment()));
  }

  @Test
  void domainDefaultThatEndsTheStatementIsRefused() {
    UsedObject.Domain d = SampleObjects.positive();

    String message =
        refused(
            new UsedObject.Domain(
                d.id(),
                "integer",
                null,
                "1; DROP SCHEMA kinds CASCADE",
                false,
                List.of(),
                null,
                null,
                null));

    assertEquals(
        "the manifest's objects entry for domain kinds.positive has a default that holds more"
            + " than one statement; the snapshot was tampered with or damaged",
        message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CHECK ((VALUE > 0)) DEFERRABLE",
        "NOT NULL",
        "CHECK (VALUE > 0); DROP TABLE t",
        "CHECK (VALUE > 0"
      })
  void domainConstraintThatIsNoCheckIsRefused(String definition) {
    refused(
        new UsedObject.Domain(
            new TableId("kinds", "positive"),
            "integer",
            null,
            null,
            false,
            List.of(new UsedObject.DomainConstraint("c", definition)),
            null,
            null,
            null));
  }

  @Test
  void notValidDomainConstraintPasses() {
    assertDoesNotThrow(
        () ->
            UsedObjectChecks.check(
                new UsedObject.Domain(
                    new TableId("kinds", "positive"),
                    "integer",
                    null,
                    null,
                    false,
                    List.of(new UsedObject.DomainConstraint("c", "CHECK ((VALUE > 0)) NOT VALID")),
                    null,
                    null,
                    null)));
  }

  @Test
  void compositeAttributeTypeWithATopLevelCommaIsRefused() {
    String message =
        refused(
            new UsedObject.CompositeType(
                new TableId("kinds", "point3"),
                List.of(new UsedObject.Attribute("x", "integer, y text", null)),
                null,
                null,
                null));

    assertEquals(
        "the manifest's objects entry for composite kinds.point3 has a type of attribute x with a"
            + " comma outside parentheses; the snapshot was tampered with or damaged",
        message);
  }

  @Test
  void enumLabelWithANulIsRefused() {
    refused(
        new UsedObject.EnumType(
            new TableId("kinds", "mood"), List.of("ok", "bad\0"), null, null, null));
  }

  @Test
  void collationOfAnUnknownProviderIsRefused() {
    refused(
        new UsedObject.Collation(
            SampleObjects.BYTEWISE, "magic", null, null, "x", null, true, null, null));
  }

  private static UsedObject.Function function(String definition) {
    return new UsedObject.Function(DOUBLE_IT, "i integer", false, definition, "app", null, null);
  }

  private static String refused(UsedObject object) {
    PgsnapException e = assertThrows(PgsnapException.class, () -> UsedObjectChecks.check(object));
    assertEquals(ErrorCode.INTEGRITY, e.code());
    return e.getMessage();
  }
}
