package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.catalog.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check of trigger and rule definitions and policy expressions, and their retargeting. */
class AttachedDefinitionsTest {
  private static final TableId ORDERS = new TableId("shop", "orders");
  private static final TableId COPY = new TableId("archive", "Orders Copy");
  private static final String TRIGGER =
      "CREATE TRIGGER audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION"
          + " shop.audit()";
  private static final String RULE =
      "CREATE RULE no_delete AS\n    ON DELETE TO shop.orders DO INSTEAD NOTHING;";

  private static String triggerProblem(String definition) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> AttachedDefinitions.checkTrigger(definition, "audit", ORDERS))
        .getMessage();
  }

  private static String ruleProblem(String definition) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> AttachedDefinitions.checkRule(definition, "no_delete", ORDERS))
        .getMessage();
  }

  @Test
  void triggersAsTheServerPrintsThemPass() {
    AttachedDefinitions.checkTrigger(TRIGGER, "audit", ORDERS);
    AttachedDefinitions.checkTrigger(
        "CREATE CONSTRAINT TRIGGER audit AFTER UPDATE OF note, \"on\" ON shop.orders"
            + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.note IS DISTINCT FROM"
            + " new.note)) EXECUTE PROCEDURE shop.audit('a;b', 2)",
        "audit",
        ORDERS);
  }

  @Test
  void aTriggerOnAnotherTableOrUnderAnotherNameIsRefused() {
    assertEquals(
        "does not name shop.orders after ON as schema.name",
        triggerProblem(TRIGGER.replace("ON shop.orders", "ON shop.customers")));
    assertEquals(
        "does not create the trigger audit",
        triggerProblem(TRIGGER.replace("TRIGGER audit", "TRIGGER other")));
  }

  @Test
  void aSecondStatementOrTextAfterTheFunctionIsRefused() {
    assertEquals(
        "holds more than one statement", triggerProblem(TRIGGER + "; DROP TABLE shop.customers"));
    assertEquals(
        "has text after the trigger function's arguments",
        triggerProblem(TRIGGER + " OR something"));
    assertEquals("is not CREATE TRIGGER", triggerProblem("CREATE ROLE audit SUPERUSER"));
  }

  @Test
  void rulesAsTheServerPrintsThemPass() {
    AttachedDefinitions.checkRule(RULE, "no_delete", ORDERS);
    AttachedDefinitions.checkRule(
        "CREATE RULE no_delete AS\n    ON DELETE TO shop.orders\n   WHERE (old.id > 0) DO INSTEAD"
            + " ( INSERT INTO shop.log (id) VALUES (old.id);\n NOTIFY shop;\n);",
        "no_delete",
        ORDERS);
  }

  @Test
  void aRuleOnAnotherTableOrWithASecondStatementIsRefused() {
    assertEquals(
        "does not name shop.orders after TO as schema.name",
        ruleProblem(RULE.replace("TO shop.orders", "TO shop.customers")));
    assertEquals(
        "holds more than one statement", ruleProblem(RULE + " DROP TABLE shop.customers;"));
    assertEquals("is not CREATE RULE", ruleProblem("CREATE TRIGGER no_delete"));
  }

  @Test
  void expressionsMustStayInsideTheirParentheses() {
    AttachedDefinitions.checkExpression("(note <> 'secret;'::text)");
    for (String expression :
        List.of("true) WITH CHECK (false", "true; DROP TABLE x", "true --", "", "x /* y")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> AttachedDefinitions.checkExpression(expression),
          expression);
    }
  }

  @Test
  void retargetingReplacesOnlyTheTableAfterOn() {
    AttachedDefinitions.Retargeted r =
        AttachedDefinitions.retargetTrigger(TRIGGER, "audit", ORDERS, COPY);

    assertEquals(
        "CREATE TRIGGER audit AFTER INSERT ON \"archive\".\"Orders Copy\" FOR EACH ROW EXECUTE"
            + " FUNCTION shop.audit()",
        r.sql());
    assertFalse(r.namesOldTableElsewhere());
  }

  @Test
  void retargetingARuleSaysWhenItsActionNamesTheOldTable() {
    AttachedDefinitions.Retargeted r =
        AttachedDefinitions.retargetRule(
            "CREATE RULE no_delete AS ON DELETE TO \"shop\".\"orders\" DO INSTEAD"
                + " UPDATE shop.orders SET note = 'gone' WHERE orders.id = old.id",
            "no_delete",
            ORDERS,
            COPY);

    assertEquals(
        "CREATE RULE no_delete AS ON DELETE TO \"archive\".\"Orders Copy\" DO INSTEAD"
            + " UPDATE shop.orders SET note = 'gone' WHERE orders.id = old.id",
        r.sql());
    assertTrue(r.namesOldTableElsewhere());
  }

  @Test
  void theRuleLosesOnlyItsFinalSemicolon() {
    assertEquals(
        "CREATE RULE no_delete AS\n    ON DELETE TO shop.orders DO INSTEAD NOTHING",
        AttachedDefinitions.withoutFinalSemicolon(RULE));
  }
}
