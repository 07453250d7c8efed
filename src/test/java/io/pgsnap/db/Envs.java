package io.pgsnap.db;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Environments for tests: no real variables, a home without a password file, user "osuser". */
final class Envs {
  static final Path NO_HOME = Path.of("/nonexistent-pgsnap-test-home");

  private Envs() {}

  /** An environment with the given variables, as name, value, name, value, ... */
  static Environment env(String... nameValue) {
    return envWithHome(NO_HOME, nameValue);
  }

  static Environment envWithHome(Path home, String... nameValue) {
    if (nameValue.length % 2 != 0) {
      throw new IllegalArgumentException("name without value");
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      variables.put(nameValue[i], nameValue[i + 1]);
    }
    return new Environment(variables, home, "osuser");
  }

  static ConnectionSettings resolve(String url, String... nameValue) {
    return ConnectionSettings.resolve(url, env(nameValue));
  }
}
