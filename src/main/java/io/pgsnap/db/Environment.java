package io.pgsnap.db;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What pgsnap reads from its process to find a server: the environment variables ({@code
 * DATABASE_URL}, {@code PGHOST}, {@code PGPASSWORD}, ...), the home directory (for {@code
 * ~/.pgpass}) and the operating-system user name (libpq's default user). Only {@link #system()}
 * looks at the real process; tests build their own.
 *
 * @param variables the environment variables; copied, never null
 * @param home the user's home directory, or null when unknown (then there is no {@code ~/.pgpass})
 * @param osUser the operating-system user name, or null when unknown (then a user must be given)
 */
public record Environment(Map<String, String> variables, Path home, String osUser) {

  /**
   * Copies the variables so that the record stays immutable.
   *
   * @param variables the environment variables
   * @param home the home directory, or null
   * @param osUser the operating-system user name, or null
   */
  public Environment {
    variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
  }

  /**
   * The environment of this process: {@link System#getenv()}, the {@code user.home} and {@code
   * user.name} system properties.
   *
   * @return the real environment
   */
  public static Environment system() {
    String home = System.getProperty("user.home");
    return new Environment(
        System.getenv(),
        home == null || home.isBlank() ? null : Path.of(home),
        System.getProperty("user.name"));
  }

  /**
   * This environment with one variable set.
   *
   * @param name the variable's name
   * @param value its value
   * @return the changed environment
   */
  public Environment with(String name, String value) {
    Map<String, String> changed = new HashMap<>(variables);
    changed.put(name, value);
    return new Environment(changed, home, osUser);
  }

  /**
   * The value of one variable. Like libpq for its own variables, an empty value counts as unset.
   *
   * @param name the variable's name, e.g. {@code PGHOST}
   * @return the value, or empty when the variable is unset or empty
   */
  public Optional<String> get(String name) {
    String value = variables.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
