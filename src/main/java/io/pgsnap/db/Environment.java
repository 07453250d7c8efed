package io.pgsnap.db;

/** Stand-in. */
public record Environment() {
  public static Environment system() {
    return new Environment();
  }
}
