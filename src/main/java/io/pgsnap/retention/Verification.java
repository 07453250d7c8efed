package io.pgsnap.retention;

import java.time.Instant;

/**
 * The newest {@code verify} of a snapshot recorded in {@code pgsnap.log}.
 *
 * @param passed whether the snapshot verified
 * @param time when that verify ran, or {@code null} if its log line does not say
 */
public record Verification(boolean passed, Instant time) {}
