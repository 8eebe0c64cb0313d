package io.tenantry.audit.log;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A report over {@code [from, to)}; {@code custom} reports narrow it with the log's filters.
 *
 * @param format {@code json} (default) or {@code csv}
 */
record ReportRequest(@NotBlank String type, @NotNull Instant from, @NotNull Instant to,
		@Pattern(regexp = "json|csv", message = "must be json or csv") String format, @Size(max = 200) String actor,
		@Size(max = 200) String action, @Size(max = 100) String resourceType, @Size(max = 200) String resourceId,
		@Pattern(regexp = "SUCCESS|FAILURE", message = "must be SUCCESS or FAILURE") String outcome) {

	ReportType reportType() {
		return ReportType.of(this.type);
	}

	AuditLogFilter filter() {
		if (!this.from.isBefore(this.to)) {
			throw new io.tenantry.common.web.InvalidRequestException("from", "must be before 'to'");
		}
		return new AuditLogFilter(this.actor, this.action, this.resourceType, this.resourceId,
				(this.outcome != null) ? AuditEntry.Outcome.valueOf(this.outcome) : null, this.from, this.to, 0, null,
				null);
	}

	boolean csv() {
		return "csv".equals(this.format);
	}

}
