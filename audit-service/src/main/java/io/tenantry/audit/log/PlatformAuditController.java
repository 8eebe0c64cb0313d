package io.tenantry.audit.log;

import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ResourceNotFoundException;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The only way across tenants: a platform operator (PLATFORM_ADMIN of the platform tenant)
 * names the tenant explicitly, and every read is itself recorded, in that tenant's log and
 * in the platform's, before the answer is given.
 */
@RestController
@RequestMapping("/api/audit/platform/tenants/{tenantId}")
@PreAuthorize("hasRole('PLATFORM_ADMIN')")
class PlatformAuditController {

	private final AuditLog log;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	PlatformAuditController(AuditLog log, EventOutbox events, TransactionTemplate transactions) {
		this.log = log;
		this.events = events;
		this.transactions = transactions;
	}

	@GetMapping("/logs")
	@Operation(summary = "A platform operator reads a tenant's audit log (itself audited in both logs)",
			description = "Same filters and pagination as /api/audit/logs.")
	AuditLog.Page logs(@PathVariable UUID tenantId, @RequestParam Map<String, String> parameters,
			Authentication operator) {
		if (!PlatformTenant.ID.equals(TenantContext.requireTenantId())) {
			throw new ResourceNotFoundException("Platform audit path for tenant", tenantId);
		}
		AuditLogFilter filter = AuditLogFilter.from(parameters, AuditLogController.LOG_PARAMETERS);
		record(tenantId, operator.getName(), parameters);
		return TenantContext.callAs(tenantId, () -> this.log.find(tenantId, filter));
	}

	private void record(UUID readTenant, String operator, Map<String, String> query) {
		for (UUID logOf : new UUID[] { readTenant, PlatformTenant.ID }) {
			TenantContext.runAs(logOf,
					() -> this.transactions.executeWithoutResult((tx) -> this.events.append(Topics.AUDIT,
							CrossTenantRead.TYPE, readTenant.toString(),
							new CrossTenantRead(logOf, readTenant, operator, Map.copyOf(query), java.time.Instant.now()))));
		}
	}

}
