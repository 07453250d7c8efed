package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.UsedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who owns the functions and types a restore creates, when their owner is missing. */
class DefinitionOwnershipTest {
  private static UsedObject.Function function(String body, String security) {
    return new UsedObject.Function(
        new TableId("kinds", "audit"),
        "",
        false,
        "CREATE OR REPLACE FUNCTION kinds.audit()\n RETURNS integer\n LANGUAGE sql\n"
            + security
            + "AS $function$"
            + body
            + "$function$\n",
        "auditor",
        null,
        null);
  }

  private static final UsedObject.Function DEFINER = function("SELECT 1", " SECURITY DEFINER\n");

  @Test
  void aSecurityDefinerFunctionWhoseOwnerIsMissingIsRefused() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () ->
                DefinitionOwnership.statements(
                    List.of(DEFINER), false, false, Set.of("auditor"), new ArrayList<>()));

    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "function kinds.audit() is SECURITY DEFINER and its owner, role auditor, does not exist"
            + " in the target: owned by the restoring role it would run with that role's"
            + " privileges for whoever calls it. Create the role first (CREATE ROLE name), or"
            + " restore with --no-owner to accept that",
        e.getMessage());
  }

  @Test
  void withNoOwnerASecurityDefinerFunctionStaysWithTheRestoringRole() {
    assertEquals(
        List.of(),
        DefinitionOwnership.statements(
            List.of(DEFINER), true, false, Set.of("auditor"), new ArrayList<>()));
  }

  @Test
  void theWordsSecurityDefinerInAFunctionBodyDoNotCount() {
    List<String> notes = new ArrayList<>();
    UsedObject.Function invoker = function("SELECT 'security definer'::text", "");

    DefinitionOwnership.statements(List.of(invoker), false, false, Set.of("auditor"), notes);

    assertEquals(
        List.of(
            "warning: the owner of function kinds.audit(), role auditor, does not exist in the"
                + " target: it stays owned by the restoring role"),
        notes);
  }
}
