package io.tenantry.audit.retention;

import java.time.Instant;

/**
 * A tenant's retention: entries are kept {@code retentionDays} after they were recorded,
 * and not purged at all while {@code legalHold} is set.
 *
 * @param source {@code tenant} (set for it), {@code plan:<PLAN>} (the plan's default) or
 * {@code default} (plan not known)
 */
public record Retention(int retentionDays, boolean legalHold, String legalHoldReason, String source,
		Instant updatedAt, String updatedBy) {

}
