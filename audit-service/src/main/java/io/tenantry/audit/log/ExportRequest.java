package io.tenantry.audit.log;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What to export: the format and the same filters as the log.
 *
 * @param format {@code csv} or {@code jsonl}
 */
record ExportRequest(@NotNull @Pattern(regexp = "csv|jsonl", message = "must be csv or jsonl") String format,
		@Size(max = 200) String actor, @Size(max = 200) String action, @Size(max = 100) String resourceType,
		@Size(max = 200) String resourceId, @Pattern(regexp = "SUCCESS|FAILURE", message = "must be SUCCESS or FAILURE") String outcome,
		Instant from, Instant to) {

	AuditLogFilter filter() {
		if (this.from != null && this.to != null && this.from.isAfter(this.to)) {
			throw new io.tenantry.common.web.InvalidRequestException("from", "must not be after 'to'");
		}
		return new AuditLogFilter(this.actor, this.action, this.resourceType, this.resourceId,
				(this.outcome != null) ? AuditEntry.Outcome.valueOf(this.outcome) : null, this.from, this.to, 0, null,
				null);
	}

}
