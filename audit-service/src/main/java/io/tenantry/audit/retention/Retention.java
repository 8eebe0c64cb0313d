package io.tenantry.audit.retention;

import java.time.Instant;

/**
 * A tenant's retention: entries are kept {@code retentionDays} after they were recorded,
 * and not purged at all while {@code legalHold} is set.
 *
 * @param source {@code default} (from configuration) or {@code tenant} (set for it)
 */
public record Retention(int retentionDays, boolean legalHold, String legalHoldReason, String source,
		Instant updatedAt, String updatedBy) {

}
