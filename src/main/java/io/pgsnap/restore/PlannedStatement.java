package io.pgsnap.restore;

import java.util.Objects;

/**
 * One SQL statement a restore runs on the target, with what it is for: each statement carries its
 * own description, so a failure names what failed even when several connections run at once.
 *
 * @param sql the statement exactly as it runs (and as {@code --dry-run} shows it)
 * @param doing what running it does, for messages ("loading public.orders from tables/...")
 * @param needs the privilege it takes, as a sentence that says what to do when it is missing, or
 *     null when a failure should list everything a restore may need
 */
record PlannedStatement(String sql, String doing, String needs) {
  PlannedStatement {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(doing, "doing");
  }
}
