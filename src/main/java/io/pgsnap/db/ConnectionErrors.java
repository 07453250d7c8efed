package io.pgsnap.db;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a failure to reach or use the server into a {@link PgsnapException} whose one-line message
 * names what failed and what to do, and never contains the password.
 *
 * <table>
 *   <caption>What becomes what</caption>
 *   <tr><th>failure</th><th>code</th></tr>
 *   <tr><td>authentication failed (28P01, 28000), no password given</td><td>CONNECTION</td></tr>
 *   <tr><td>database does not exist (3D000)</td><td>CONNECTION</td></tr>
 *   <tr><td>unknown host, connection refused or timed out (08001, 08004, 08006)</td>
 *       <td>CONNECTION</td></tr>
 *   <tr><td>SSL refused or failed</td><td>CONNECTION</td></tr>
 *   <tr><td>server shut down or not accepting connections (57P01, 57P02, 57P03), connection lost
 *       </td><td>CONNECTION</td></tr>
 *   <tr><td>too many connections (53300)</td><td>CONNECTION</td></tr>
 *   <tr><td>insufficient privilege (42501)</td><td>PERMISSION</td></tr>
 *   <tr><td>anything else</td><td>FAILURE, with the server's message</td></tr>
 * </table>
 */
public final class ConnectionErrors {
  private static final Pattern ROLE_MISSING = Pattern.compile("role \"(.*)\" does not exist");

  private ConnectionErrors() {}

  /**
   * Translates a failed JDBC call.
   *
   * @param e what the driver or the pool threw
   * @param settings the connection it was about, for host, port, user, database and where the
   *     password came from
   * @return the exception to throw; its cause is {@code e}
   */
  public static PgsnapException translate(SQLException e, ConnectionSettings settings) {
    return translate((Throwable) e, settings);
  }

  /**
   * Translates any failure to connect or to use a connection, unwrapping HikariCP's {@code
   * PoolInitializationException} and other wrappers to the driver's exception.
   *
   * @param e what was thrown; a {@link PgsnapException} is returned as it is
   * @param settings the connection it was about
   * @return the exception to throw; its cause is {@code e}
   */
  public static PgsnapException translate(Throwable e, ConnectionSettings settings) {
    if (e instanceof PgsnapException p) {
      return p;
    }
    return new Translation(e, settings).result();
  }

  /** One translation: the failure, its innermost SQL exception and the connection. */
  private static final class Translation {
    private final Throwable failure;
    private final ConnectionSettings settings;
    private final SQLException sql;
    private final String state;
    private final String where;

    Translation(Throwable failure, ConnectionSettings settings) {
      this.failure = failure;
      this.settings = settings;
      this.sql = innermostSqlException(failure);
      this.state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
      this.where = settings.hostList();
    }

    PgsnapException result() {
      Optional<UnknownHostException> unknownHost = find(UnknownHostException.class);
      if (unknownHost.isPresent()) {
        return connection(
            "could not connect to "
                + where
                + ": unknown host '"
                + unknownHostName(unknownHost.get())
                + "'; check the host name");
      }
      if (isSslFailure()) {
        return ssl();
      }
      Optional<IOException> refused =
          find(ConnectException.class)
              .map(IOException.class::cast)
              .or(() -> find(NoRouteToHostException.class));
      if (refused.isPresent()) {
        String reason = lowerFirst(message(refused.get(), "connection refused"));
        return connection(
            "could not connect to "
                + where
                + ": "
                + reason
                + "; is the server running and accepting TCP connections?");
      }
      if (state.equals("08001")
          && (find(SocketTimeoutException.class).isPresent()
              || serverMessage().toLowerCase(Locale.ROOT).contains("timed out"))) {
        return connection(
            "could not connect to "
                + where
                + ": timed out after "
                + settings.connectTimeoutSeconds()
                + " s; is the server running and accepting TCP connections (or is a firewall"
                + " dropping them)?");
      }
      switch (state) {
        case "28P01":
          return connection(
              "password authentication failed for user \""
                  + settings.user()
                  + "\" at "
                  + where
                  + ": "
                  + passwordHint());
        case "28000":
          return authorization();
        case "3D000":
          return connection(
              "database \""
                  + settings.database()
                  + "\" does not exist at "
                  + where
                  + ": check the database name in --url or PGDATABASE (it defaults to the user"
                  + " name), or create it");
        case "42501":
          return new PgsnapException(
              ErrorCode.PERMISSION,
              "user \""
                  + settings.user()
                  + "\" lacks a privilege on "
                  + settings.describe()
                  + ": "
                  + serverMessage()
                  + "; ask the object's owner or an administrator to grant it",
              failure);
        case "53300":
          return connection(
              "the server at "
                  + where
                  + " has no free connection slots ("
                  + serverMessage()
                  + "); use fewer parallel jobs or try again later");
        case "57P01", "57P02":
          return connection(
              "the server closed the connection to "
                  + where
                  + ": "
                  + serverMessage()
                  + "; the server was shut down or restarted, run the command again once it is"
                  + " back");
        case "57P03":
          return connection(
              "the server closed the connection to "
                  + where
                  + ": "
                  + serverMessage()
                  + "; it is not accepting connections yet, try again in a moment");
        case "08004":
          if (serverMessage().contains("no password was provided")
              || serverMessage().contains("password is an empty string")) {
            return connection(
                "the server at "
                    + where
                    + " asks for a password for user \""
                    + settings.user()
                    + "\" and none was given: put it in --url, PGPASSWORD or ~/.pgpass");
          }
          return connection(
              "the server at " + where + " rejected the connection: " + serverMessage());
        case "08P01":
          return connection(
              "could not talk to "
                  + where
                  + ": "
                  + serverMessage()
                  + "; is a PostgreSQL server listening there, with no other service or proxy in"
                  + " between?");
        case "08001":
          if (find(EOFException.class).isPresent()) {
            return connection(
                "could not connect to "
                    + where
                    + ": the server closed the connection during login; is a PostgreSQL server"
                    + " running there and accepting TCP connections?");
          }
          return connection(
              "could not connect to "
                  + where
                  + ": "
                  + causeOrServerMessage()
                  + "; is the server running and accepting TCP connections?");
        default:
          break;
      }
      if (sql instanceof SQLTransientConnectionException && sql.getCause() == null) {
        return connection(
            "no connection to " + where + " became available in time: " + serverMessage());
      }
      if (state.startsWith("08") || find(IOException.class).isPresent()) {
        return connection(
            "the server closed the connection to "
                + where
                + ": "
                + causeOrServerMessage()
                + "; the server may have restarted or the network dropped the connection, run"
                + " the command again");
      }
      if (sql == null) {
        return new PgsnapException(
            ErrorCode.FAILURE,
            "could not use the connection to " + where + ": " + message(failure, "unknown error"),
            failure);
      }
      return new PgsnapException(
          ErrorCode.FAILURE,
          serverMessage() + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"),
          failure);
    }

    private PgsnapException authorization() {
      String message = serverMessage();
      Matcher role = ROLE_MISSING.matcher(message);
      if (role.find()) {
        return connection(
            "role \""
                + role.group(1)
                + "\" does not exist at "
                + where
                + ": check the user name in --url or PGUSER");
      }
      if (message.contains("pg_hba.conf")) {
        boolean plain = settings.sslMode().equals("disable") || settings.sslMode().equals("allow");
        return connection(
            "the server at "
                + where
                + " does not allow this connection ("
                + message
                + "); ask its administrator to allow it in pg_hba.conf"
                + (plain && message.contains("no encryption")
                    ? ", or connect with SSL (sslmode=require)"
                    : ""));
      }
      return connection(
          "authentication failed for user \""
              + settings.user()
              + "\" at "
              + where
              + " ("
              + message
              + "): "
              + passwordHint());
    }

    private PgsnapException ssl() {
      String mode = settings.sslMode();
      String message = causeOrServerMessage();
      if (message.contains("does not support SSL")) {
        return connection(
            "the server at "
                + where
                + " does not support SSL, but sslmode="
                + mode
                + " requires it: use sslmode=prefer or sslmode=disable, or enable SSL on the"
                + " server");
      }
      String hint =
          mode.startsWith("verify")
              ? "check sslrootcert (the CA that signed the server's certificate) and that the host"
                  + " name matches the certificate, or use sslmode=require to encrypt without"
                  + " verifying the server"
              : "check the server's SSL setup and sslcert/sslkey, or change sslmode";
      return connection(
          "SSL connection to "
              + where
              + " failed (sslmode="
              + mode
              + "): "
              + message
              + "; "
              + hint);
    }

    private boolean isSslFailure() {
      if (find(SSLException.class).isPresent()) {
        return true;
      }
      String message = sql == null ? "" : String.valueOf(sql.getMessage());
      // 08P01: the peer did not answer pgjdbc's SSL request like a PostgreSQL server would.
      return state.startsWith("08")
          && !state.equals("08P01")
          && (message.contains("SSL") || message.contains("could not be verified"));
    }

    private String passwordHint() {
      return switch (settings.passwordSource()) {
        case URL -> "check the password in --url";
        case DATABASE_URL -> "check the password in DATABASE_URL";
        case PGPASSWORD -> "check PGPASSWORD";
        case PASSWORD_FILE ->
            "check the password for this server in "
                + settings.passwordFile().map(Object::toString).orElse("the password file");
        case NONE -> "check the password in --url, PGPASSWORD or ~/.pgpass";
      };
    }

    private PgsnapException connection(String message) {
      return new PgsnapException(ErrorCode.CONNECTION, message, failure);
    }

    /** The server's (or driver's) primary message and detail, on one line, without a password. */
    private String serverMessage() {
      if (sql == null) {
        return message(failure, "unknown error");
      }
      if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) {
        ServerErrorMessage m = p.getServerErrorMessage();
        String text = String.valueOf(m.getMessage());
        if (m.getDetail() != null && !m.getDetail().isBlank()) {
          text += ": " + m.getDetail();
        }
        return oneLine(text);
      }
      String text = oneLine(message(sql, "unknown error"));
      for (String prefix : new String[] {"FATAL: ", "ERROR: "}) {
        if (text.startsWith(prefix)) {
          text = text.substring(prefix.length());
        }
      }
      return text;
    }

    /** The low-level reason (an I/O exception's message) if there is one, else the message. */
    private String causeOrServerMessage() {
      Throwable cause = sql == null ? failure : sql.getCause();
      while (cause != null) {
        if (cause instanceof IOException io) {
          String fallback = io instanceof EOFException ? "end of stream" : io.getClass().getName();
          return lowerFirst(oneLine(message(io, fallback)));
        }
        cause = cause.getCause();
      }
      return serverMessage();
    }

    private <T extends Throwable> Optional<T> find(Class<T> type) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (type.isInstance(t)) {
          return Optional.of(type.cast(t));
        }
        if (t.getCause() == t) {
          break;
        }
      }
      return Optional.empty();
    }
  }

  /** The innermost SQLException in the cause chain: the driver's, under any pool wrappers. */
  private static SQLException innermostSqlException(Throwable e) {
    SQLException found = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        found = s;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return found;
  }

  private static String unknownHostName(UnknownHostException e) {
    String message = message(e, "?");
    int colon = message.indexOf(": ");
    return colon > 0 ? message.substring(0, colon) : message;
  }

  private static String message(Throwable t, String fallback) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? fallback : m;
  }

  /** The first line, spaces collapsed, without a final period (the caller adds punctuation). */
  private static String oneLine(String s) {
    int newline = s.indexOf('\n');
    String line = (newline < 0 ? s : s.substring(0, newline)).strip().replaceAll("\\s+", " ");
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  private static String lowerFirst(String s) {
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }
}
