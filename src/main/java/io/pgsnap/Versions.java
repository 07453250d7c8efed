package io.pgsnap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** pgsnap's own version, from the build. */
public final class Versions {
  private Versions() {}

  /** The version of this build, e.g. {@code 0.1.0}. */
  public static String pgsnap() {
    try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
