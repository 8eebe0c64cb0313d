package io.tenantry.audit.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's audit log, read by its owners, admins and auditors. */
@RestController
@RequestMapping("/api/audit")
@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'AUDITOR', 'PLATFORM_ADMIN')")
class AuditLogController {

	static final Set<String> LOG_PARAMETERS = Set.of("actor", "action", "resourceType", "resourceId", "outcome", "from",
			"to", "limit", "cursor");

	static final Set<String> SEARCH_PARAMETERS = java.util.stream.Stream
		.concat(LOG_PARAMETERS.stream(), java.util.stream.Stream.of("q"))
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	static final Duration MAX_STATS_RANGE = Duration.ofDays(366);

	private final AuditLog log;

	private final Clock clock;

	AuditLogController(AuditLog log, Clock clock) {
		this.log = log;
		this.clock = clock;
	}

	@GetMapping("/logs")
	@Operation(summary = "The tenant's audit entries, newest first",
			description = "Filters: actor (id), action (event type or prefix ending in '.' or '*'), resourceType, "
					+ "resourceId, outcome (SUCCESS|FAILURE), from/to (ISO-8601 instants). Cursor pagination: pass "
					+ "nextCursor back as cursor. limit 1..200, default 50.")
	AuditLog.Page logs(@RequestParam Map<String, String> parameters) {
		AuditLogFilter filter = AuditLogFilter.from(parameters, LOG_PARAMETERS);
		return this.log.find(TenantContext.requireTenantId(), filter);
	}

	@GetMapping("/search")
	@Operation(summary = "Full-text search over the tenant's audit entries, newest first",
			description = "q (required, up to 200 characters, web-search syntax: words, \"phrases\", -excluded, or) "
					+ "matches the action, actor, resource and the whole event; the filters and pagination of "
					+ "/api/audit/logs apply too.")
	AuditLog.Page search(@RequestParam Map<String, String> parameters) {
		AuditLogFilter filter = AuditLogFilter.from(parameters, SEARCH_PARAMETERS);
		return this.log.find(TenantContext.requireTenantId(), filter);
	}

	@GetMapping("/stats")
	@Operation(summary = "Counts per action and per day, top actors and failures over a time range",
			description = "from/to (ISO-8601 instants); default: the last 30 days. The range may span at most 366 days.")
	AuditLog.Stats stats(@RequestParam Map<String, String> parameters) {
		AuditLogFilter filter = AuditLogFilter.from(parameters, Set.of("from", "to"));
		Instant to = (filter.to() != null) ? filter.to() : this.clock.instant();
		Instant from = (filter.from() != null) ? filter.from() : to.minus(Duration.ofDays(30));
		if (!from.isBefore(to)) {
			throw new InvalidRequestException("from", "must be before 'to'");
		}
		if (Duration.between(from, to).compareTo(MAX_STATS_RANGE) > 0) {
			throw new InvalidRequestException("from", "the range may span at most 366 days");
		}
		return this.log.stats(TenantContext.requireTenantId(), from, to);
	}

	@GetMapping("/verify")
	@Operation(summary = "Recomputes the tenant's hash chain and reports the first broken link",
			description = "Optional from/to (ISO-8601 instants) restrict the check to entries that occurred in the range.")
	AuditLog.Verification verify(@RequestParam Map<String, String> parameters) {
		AuditLogFilter filter = AuditLogFilter.from(parameters, Set.of("from", "to"));
		return this.log.verify(TenantContext.requireTenantId(), filter.from(), filter.to());
	}


}
