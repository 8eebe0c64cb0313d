package io.tenantry.audit.log;

import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.TenantContext;

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

	private final AuditLog log;

	AuditLogController(AuditLog log) {
		this.log = log;
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

	@GetMapping("/verify")
	@Operation(summary = "Recomputes the tenant's hash chain and reports the first broken link",
			description = "Optional from/to (ISO-8601 instants) restrict the check to entries that occurred in the range.")
	AuditLog.Verification verify(@RequestParam Map<String, String> parameters) {
		AuditLogFilter filter = AuditLogFilter.from(parameters, Set.of("from", "to"));
		return this.log.verify(TenantContext.requireTenantId(), filter.from(), filter.to());
	}


}
