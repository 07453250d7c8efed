package io.pgsnap.retention;

import java.time.Instant;

/**
 * The newest check of a snapshot recorded in {@code pgsnap.log}: a {@code verify}, or a {@code
 * drill} (a restore into a scratch database, read back).
 *
 * @param passed whether the snapshot passed it
 * @param time when that check ran, or {@code null} if its log line does not say
 */
public record Verification(boolean passed, Instant time) {}
