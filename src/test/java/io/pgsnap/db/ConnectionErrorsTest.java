package io.pgsnap.db;

import static io.pgsnap.db.Envs.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.zaxxer.hikari.pool.HikariPool;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/** What each failure to reach or use the server turns into. */
class ConnectionErrorsTest {
  private static final ConnectionSettings BOB = resolve("postgresql://bob:pw@db.example.com/app");

  /** An error as the server sends it. */
  private static PSQLException server(String state, String message) {
    return new PSQLException(new ServerErrorMessage("SFATAL\0C" + state + "\0M" + message + "\0"));
  }

  private static void assertTranslated(
      ErrorCode code, String message, Throwable failure, ConnectionSettings settings) {
    PgsnapException e = ConnectionErrors.translate(failure, settings);
    assertEquals(message, e.getMessage());
    assertEquals(code, e.code());
  }

  private static final PSQLException WRONG_PASSWORD =
      server("28P01", "password authentication failed for user \"bob\"");

  @Test
  void wrongPasswordFromUrlSaysToCheckUrl() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "password authentication failed for user \"bob\" at db.example.com:5432: check the"
            + " password in --url",
        WRONG_PASSWORD,
        BOB);
  }

  @Test
  void wrongPasswordFromPgpasswordSaysToCheckPgpassword() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "password authentication failed for user \"bob\" at db.example.com:5432: check"
            + " PGPASSWORD",
        WRONG_PASSWORD,
        resolve("postgresql://bob@db.example.com/app", "PGPASSWORD", "pw"));
  }

  @Test
  void wrongPasswordFromDatabaseUrlSaysToCheckDatabaseUrl() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "password authentication failed for user \"bob\" at db.example.com:5432: check the"
            + " password in DATABASE_URL",
        WRONG_PASSWORD,
        resolve(null, "DATABASE_URL", "postgresql://bob:pw@db.example.com/app"));
  }

  @Test
  void wrongPasswordFromPasswordFileNamesTheFile(@TempDir Path home) throws IOException {
    Path file = home.resolve(".pgpass");
    Files.write(file, List.of("*:*:*:*:pw"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    ConnectionSettings s =
        ConnectionSettings.resolve("postgresql://bob@db.example.com/app", Envs.envWithHome(home));
    assertTranslated(
        ErrorCode.CONNECTION,
        "password authentication failed for user \"bob\" at db.example.com:5432: check the"
            + " password for this server in "
            + file,
        WRONG_PASSWORD,
        s);
  }

  @Test
  void wrongPasswordOfUnknownOriginListsThePlacesToCheck() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "password authentication failed for user \"bob\" at db.example.com:5432: check the"
            + " password in --url, PGPASSWORD or ~/.pgpass",
        WRONG_PASSWORD,
        resolve("postgresql://bob@db.example.com/app"));
  }

  @Test
  void missingPasswordSaysWhereToPutOne() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server at db.example.com:5432 asks for a password for user \"bob\" and none was"
            + " given: put it in --url, PGPASSWORD or ~/.pgpass",
        new PSQLException(
            "The server requested SCRAM-based authentication, but no password was provided.",
            PSQLState.CONNECTION_REJECTED),
        resolve("postgresql://bob@db.example.com/app"));
  }

  @Test
  void emptyPasswordIsReportedAsMissing() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server at db.example.com:5432 asks for a password for user \"bob\" and none was"
            + " given: put it in --url, PGPASSWORD or ~/.pgpass",
        new PSQLException(
            "The server requested SCRAM-based authentication, but the password is an empty"
                + " string.",
            PSQLState.CONNECTION_REJECTED),
        resolve("postgresql://bob@db.example.com/app"));
  }

  @Test
  void missingRoleSaysToCheckTheUserName() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "role \"bob\" does not exist at db.example.com:5432: check the user name in --url or"
            + " PGUSER",
        server("28000", "role \"bob\" does not exist"),
        BOB);
  }

  @Test
  void pgHbaRejectionWithoutSslSuggestsSsl() {
    String hba =
        "no pg_hba.conf entry for host \"10.0.0.5\", user \"bob\", database \"app\", no"
            + " encryption";
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server at db.example.com:5432 does not allow this connection ("
            + hba
            + "); ask its administrator to allow it in pg_hba.conf, or connect with SSL"
            + " (sslmode=require)",
        server("28000", hba),
        resolve("postgresql://bob:pw@db.example.com/app?sslmode=disable"));
  }

  @Test
  void missingDatabaseNamesIt() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "database \"app\" does not exist at db.example.com:5432: check the database name in --url"
            + " or PGDATABASE (it defaults to the user name), or create it",
        server("3D000", "database \"app\" does not exist"),
        BOB);
  }

  @Test
  void unknownHostIsNamed() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "could not connect to nosuch.example.com:5432: unknown host 'nosuch.example.com'; check"
            + " the host name",
        new PSQLException(
            "The connection attempt failed.",
            PSQLState.CONNECTION_UNABLE_TO_CONNECT,
            new UnknownHostException("nosuch.example.com: Name or service not known")),
        resolve("postgresql://bob@nosuch.example.com/app"));
  }

  @Test
  void refusedConnectionAsksWhetherTheServerRuns() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "could not connect to db.example.com:5432: connection refused; is the server running and"
            + " accepting TCP connections?",
        new PSQLException(
            "Connection to db.example.com:5432 refused.",
            PSQLState.CONNECTION_UNABLE_TO_CONNECT,
            new ConnectException("Connection refused")),
        BOB);
  }

  @Test
  void refusedConnectionToSeveralHostsNamesThemAll() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "could not connect to h1:5432,h2:5433: connection refused; is the server running and"
            + " accepting TCP connections?",
        new PSQLException(
            "Connection to h2:5433 refused.",
            PSQLState.CONNECTION_UNABLE_TO_CONNECT,
            new ConnectException("Connection refused")),
        resolve("postgresql://h1:5432,h2:5433/app"));
  }

  @Test
  void connectTimeoutSaysHowLongItWaited() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "could not connect to db.example.com:5432: timed out after 4 s; is the server running and"
            + " accepting TCP connections (or is a firewall dropping them)?",
        new PSQLException(
            "The connection attempt failed.",
            PSQLState.CONNECTION_UNABLE_TO_CONNECT,
            new SocketTimeoutException("Connect timed out")),
        resolve("postgresql://db.example.com/app?connect_timeout=4"));
  }

  @Test
  void administratorShutdownSaysTheServerClosedTheConnection() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server closed the connection to db.example.com:5432: terminating connection due to"
            + " administrator command; the server was shut down or restarted, run the command"
            + " again once it is back",
        server("57P01", "terminating connection due to administrator command"),
        BOB);
  }

  @Test
  void serverStartingUpSaysToTryAgain() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server closed the connection to db.example.com:5432: the database system is starting"
            + " up; it is not accepting connections yet, try again in a moment",
        server("57P03", "the database system is starting up"),
        BOB);
  }

  @Test
  void ioErrorMidSessionSaysTheServerClosedTheConnection() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server closed the connection to db.example.com:5432: connection reset; the server may"
            + " have restarted or the network dropped the connection, run the command again",
        new PSQLException(
            "An I/O error occurred while sending to the backend.",
            PSQLState.CONNECTION_FAILURE,
            new SocketException("Connection reset")),
        BOB);
  }

  @Test
  void tooManyConnectionsSaysToUseFewer() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server at db.example.com:5432 has no free connection slots (sorry, too many clients"
            + " already); use fewer parallel jobs or try again later",
        server("53300", "sorry, too many clients already"),
        BOB);
  }

  @Test
  void insufficientPrivilegeIsAPermissionError() {
    assertTranslated(
        ErrorCode.PERMISSION,
        "user \"bob\" lacks a privilege on bob@db.example.com:5432/app: permission denied for"
            + " table accounts; ask the object's owner or an administrator to grant it",
        server("42501", "permission denied for table accounts"),
        BOB);
  }

  @Test
  void serverDetailIsKeptOnTheSameLine() {
    PSQLException e =
        new PSQLException(
            new ServerErrorMessage(
                "SFATAL\0C42501\0Mpermission denied for database app\0"
                    + "DUser does not have CONNECT privilege.\0"));
    assertTranslated(
        ErrorCode.PERMISSION,
        "user \"bob\" lacks a privilege on bob@db.example.com:5432/app: permission denied for"
            + " database app: User does not have CONNECT privilege; ask the object's owner or an"
            + " administrator to grant it",
        e,
        BOB);
  }

  @Test
  void serverWithoutSslUnderSslmodeRequireSuggestsAnotherSslmode() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "the server at db.example.com:5432 does not support SSL, but sslmode=require requires it:"
            + " use sslmode=prefer or sslmode=disable, or enable SSL on the server",
        new PSQLException("The server does not support SSL.", PSQLState.CONNECTION_REJECTED),
        resolve("postgresql://db.example.com/app?sslmode=require"));
  }

  @Test
  void certificateFailureUnderVerifyFullPointsAtSslrootcert() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "SSL connection to db.example.com:5432 failed (sslmode=verify-full): PKIX path building"
            + " failed; check sslrootcert (the CA that signed the server's certificate) and that"
            + " the host name matches the certificate, or use sslmode=require to encrypt without"
            + " verifying the server",
        new PSQLException(
            "SSL error: PKIX path building failed",
            PSQLState.CONNECTION_FAILURE,
            new SSLHandshakeException("PKIX path building failed")),
        resolve("postgresql://db.example.com/app?sslmode=verify-full"));
  }

  @Test
  void otherServerErrorsAreFailuresWithTheServersMessage() {
    assertTranslated(
        ErrorCode.FAILURE,
        "relation \"accounts\" does not exist (SQLSTATE 42P01)",
        server("42P01", "relation \"accounts\" does not exist"),
        BOB);
  }

  @Test
  void hikariPoolInitializationFailureIsUnwrapped() {
    assertTranslated(
        ErrorCode.CONNECTION,
        "database \"app\" does not exist at db.example.com:5432: check the database name in --url"
            + " or PGDATABASE (it defaults to the user name), or create it",
        new HikariPool.PoolInitializationException(
            server("3D000", "database \"app\" does not exist")),
        BOB);
  }

  @Test
  void hikariTimeoutIsTranslatedByItsLastConnectionFailure() {
    SQLException timeout =
        new SQLTransientConnectionException(
            "pgsnap - Connection is not available, request timed out after 30000ms.",
            "08001",
            new PSQLException(
                "Connection to db.example.com:5432 refused.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused")));
    assertTranslated(
        ErrorCode.CONNECTION,
        "could not connect to db.example.com:5432: connection refused; is the server running and"
            + " accepting TCP connections?",
        timeout,
        BOB);
  }

  @Test
  void translatedExceptionKeepsTheOriginalAsCause() {
    PSQLException original = server("3D000", "database \"app\" does not exist");
    assertSame(original, ConnectionErrors.translate(original, BOB).getCause());
  }

  @Test
  void pgsnapExceptionIsReturnedAsItIs() {
    PgsnapException original = new PgsnapException(ErrorCode.USAGE, "x");
    assertSame(original, ConnectionErrors.translate(original, BOB));
  }

  @Test
  void aDriverMessageIsNotMaskedWhereItHappensToContainThePasswordsText() {
    // Masking "root" here would print /****/.postgresql/****.crt and so give the password away.
    assertTranslated(
        ErrorCode.FAILURE,
        "could not read /root/.postgresql/root.crt (SQLSTATE XX000)",
        server("XX000", "could not read /root/.postgresql/root.crt"),
        resolve("postgresql://bob:root@db.example.com/app"));
  }
}
