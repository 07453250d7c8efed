package io.pgsnap.db;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Stand-ins for JDBC objects that record what is called on them, so helpers that only pass calls
 * through can be tested without a server.
 */
final class FakeJdbc {
  /** Every call made on the fake connection and its statements, as {@code method(argument)}. */
  final List<String> calls = new ArrayList<>();

  private final Map<String, Object> answers;

  /**
   * @param answers what a method returns, by name ({@code "getAutoCommit" -> false}); an {@link
   *     SQLException} as an answer is thrown instead
   */
  FakeJdbc(Map<String, Object> answers) {
    this.answers = answers;
  }

  Connection connection() {
    return proxy(Connection.class);
  }

  /** A data source whose every call throws {@code failure}. */
  static DataSource failing(SQLException failure) {
    return (DataSource)
        Proxy.newProxyInstance(
            FakeJdbc.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw failure;
            });
  }

  private <T> T proxy(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            FakeJdbc.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              String name = method.getName();
              calls.add(name + (args == null ? "()" : "(" + args[0] + ")"));
              if (name.equals("createStatement")) {
                return proxy(Statement.class);
              }
              Object answer = answers.get(name);
              if (answer instanceof SQLException e) {
                throw e;
              }
              if (answer == null && method.getReturnType() == boolean.class) {
                return false;
              }
              return answer;
            }));
  }
}
