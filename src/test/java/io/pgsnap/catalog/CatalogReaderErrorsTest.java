package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.ErrorCode;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What a failure to read the catalog turns into. */
class CatalogReaderErrorsTest {

  @Test
  void aTerminatedBackendIsAConnectionFailure() {
    SQLException terminated =
        new SQLException("FATAL: terminating connection due to administrator command", "57P01");

    assertEquals(ErrorCode.CONNECTION, CatalogReader.databaseError(terminated).code());
  }

  @Test
  void aBrokenConnectionIsAConnectionFailure() {
    assertEquals(
        ErrorCode.CONNECTION,
        CatalogReader.databaseError(new SQLException("An I/O error occurred", "08006")).code());
  }

  @Test
  void aMissingPrivilegeIsAPermissionFailure() {
    assertEquals(
        ErrorCode.PERMISSION,
        CatalogReader.databaseError(new SQLException("permission denied", "42501")).code());
  }

  @Test
  void anyOtherErrorIsAFailureWithTheServersMessage() {
    SQLException e = new SQLException("relation does not exist", "42P01");

    assertEquals(ErrorCode.FAILURE, CatalogReader.databaseError(e).code());
    assertEquals(
        "could not read the catalog: relation does not exist",
        CatalogReader.databaseError(e).getMessage());
  }
}
