package io.pgsnap;

/**
 * Decides whether a destructive restore plan (one that truncates tables holding rows) may run. The
 * command line asks on a terminal; a program decides itself, or sets {@link
 * RestoreOptions#assumeYes()}.
 */
@FunctionalInterface
public interface RestoreConfirmation {
  /** Refuses every destructive plan, so that only {@link RestoreOptions#assumeYes()} runs one. */
  RestoreConfirmation REFUSE = plan -> false;

  /**
   * Asked once the plan is known, before anything changes, while the target tables are locked.
   *
   * @param plan the plan about to run
   * @return whether to run it
   */
  boolean confirm(RestorePlan plan);
}
