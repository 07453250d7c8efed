package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** What a restore says for each kind of server error, without a server. */
class RestoreErrorsTest {
  private static final String LOADING = "loading public.orders from tables/public.orders.csv.zst";

  /** An error as the server sends it: severity, SQL state, message and an optional detail. */
  private static PSQLException server(String state, String message, String detail) {
    return new PSQLException(
        new ServerErrorMessage(
            "SERROR\0C"
                + state
                + "\0M"
                + message
                + "\0"
                + (detail == null ? "" : "D" + detail + "\0")));
  }

  @Test
  void aLostConnectionIsAConnectionFailureThatSaysWhatWasUnderWayAndToRunAgain() {
    SQLException e =
        new SQLException("An I/O error occurred while sending to the backend.", "08006");
    PgsnapException p = RestoreErrors.translate(e, LOADING, "Loading needs INSERT");
    assertEquals(ErrorCode.CONNECTION, p.code());
    assertSame(e, p.getCause());
    assertEquals(
        "the connection to the server was lost while "
            + LOADING
            + " (An I/O error occurred while sending to the backend.); the server rolls back the"
            + " unfinished transaction, so nothing was changed: check that the server is up and"
            + " run the restore again",
        p.getMessage());
  }

  @Test
  void aBackendTerminatedByAnAdministratorIsALostConnection() {
    PgsnapException p =
        RestoreErrors.translate(
            server("57P01", "terminating connection due to administrator command", null), LOADING);
    assertEquals(ErrorCode.CONNECTION, p.code());
    assertTrue(p.getMessage().contains("administrator command"), p.getMessage());
  }

  @Test
  void aMissingPrivilegeIsAPermissionFailureThatNamesWhatTheStepNeeds() {
    PgsnapException p =
        RestoreErrors.translate(
            server("42501", "permission denied for table orders", null),
            LOADING,
            "Loading needs INSERT on public.orders: grant it, or run the restore as the table's"
                + " owner");
    assertEquals(ErrorCode.PERMISSION, p.code());
    assertEquals(
        "permission denied while "
            + LOADING
            + ": ERROR: permission denied for table orders; nothing was changed (the restore's"
            + " transaction was rolled back). Loading needs INSERT on public.orders: grant it, or"
            + " run the restore as the table's owner",
        p.getMessage());
  }

  @Test
  void aMissingPrivilegeOutsideAKnownStepListsEverythingARestoreNeeds() {
    PgsnapException p =
        RestoreErrors.translate(server("42501", "must be owner of table orders", null), "x");
    assertEquals(ErrorCode.PERMISSION, p.code());
    assertTrue(p.getMessage().endsWith(RestoreErrors.ALL_PRIVILEGES), p.getMessage());
    for (String privilege : new String[] {"SELECT", "INSERT", "TRUNCATE", "UPDATE", "owner"}) {
      assertTrue(p.getMessage().contains(privilege), privilege);
    }
  }

  @Test
  void aKeyClashIsAFailureWithTheServersDetailAndWhatToDo() {
    PgsnapException p =
        RestoreErrors.translate(
            server(
                "23505",
                "duplicate key value violates unique constraint \"customers_pkey\"",
                "Key (id)=(1) already exists."),
            "loading public.customers from tables/public.customers.csv.zst");
    assertEquals(ErrorCode.FAILURE, p.code());
    String m = p.getMessage();
    assertTrue(m.startsWith("rows clash with rows the target already holds while loading"), m);
    assertTrue(m.contains("\"customers_pkey\" (Key (id)=(1) already exists.)"), m);
    assertTrue(m.contains("nothing was changed"), m);
    assertTrue(m.contains("--mode truncate"), m);
    assertFalse(m.contains("\n"), "one line: " + m);
  }

  @Test
  void aForeignKeyThatDoesNotHoldIsAFailureNamingTheConstraintAndWhatToDo() {
    PgsnapException p =
        RestoreErrors.translate(
            server(
                "23503",
                "insert or update on table \"orders\" violates foreign key constraint"
                    + " \"orders_customer_id_fkey\"",
                "Key (customer_id)=(1) is not present in table \"customers\"."),
            "adding the foreign keys of public.orders");
    assertEquals(ErrorCode.FAILURE, p.code());
    assertTrue(p.getMessage().contains("orders_customer_id_fkey"), p.getMessage());
    assertTrue(p.getMessage().contains("not present in table \"customers\""), p.getMessage());
    assertTrue(p.getMessage().contains("Restore the referenced table too"), p.getMessage());
  }

  @Test
  void aMissingTypeOrSchemaSaysSnapshotsHoldTablesOnly() {
    for (String state : new String[] {"42704", "3F000"}) {
      PgsnapException p =
          RestoreErrors.translate(
              server(state, "type \"mood\" does not exist", null), "creating public.t");
      assertEquals(ErrorCode.FAILURE, p.code());
      assertTrue(p.getMessage().contains("types, domains, extensions"), p.getMessage());
    }
  }

  @Test
  void aLockTimeoutSaysAnotherSessionHoldsTheLock() {
    PgsnapException p =
        RestoreErrors.translate(
            server("55P03", "canceling statement due to lock timeout", null),
            "locking the target tables");
    assertEquals(ErrorCode.FAILURE, p.code());
    assertTrue(p.getMessage().contains("--lock-wait-timeout"), p.getMessage());
    assertTrue(p.getMessage().contains("retry later"), p.getMessage());
  }

  @Test
  void anyOtherErrorSaysWhatWasUnderWayAndThatNothingChanged() {
    PgsnapException p =
        RestoreErrors.translate(
            new SQLException("ERROR: value too long\n  Where: COPY t, line 3", "22001"), LOADING);
    assertEquals(ErrorCode.FAILURE, p.code());
    assertEquals(
        "the restore failed while "
            + LOADING
            + ": ERROR: value too long; nothing was changed (the restore's transaction was rolled"
            + " back)",
        p.getMessage());
  }

  @Test
  void anErrorWithoutAStateOrStepStillReads() {
    PgsnapException p = RestoreErrors.translate(new SQLException("boom"), null);
    assertEquals(ErrorCode.FAILURE, p.code());
    assertTrue(p.getMessage().startsWith("the restore failed: boom; nothing was changed"));
  }

  @Test
  void noConnectionIsAConnectionFailure() {
    DataSource down =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  throw new SQLException("Connection refused", "08001");
                });
    PgsnapException p = assertThrows(PgsnapException.class, () -> RestoreErrors.connect(down));
    assertEquals(ErrorCode.CONNECTION, p.code());
    assertTrue(p.getMessage().contains("Connection refused"), p.getMessage());
    assertTrue(p.getMessage().contains("check that the server is up"), p.getMessage());
  }
}
