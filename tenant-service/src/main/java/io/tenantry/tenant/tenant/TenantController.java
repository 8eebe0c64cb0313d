package io.tenantry.tenant.tenant;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.PageResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/tenants")
class TenantController {

	private final Tenants tenants;

	private final TenantConfigs configs;

	private final TenantStats stats;

	TenantController(Tenants tenants, TenantConfigs configs, TenantStats stats) {
		this.tenants = tenants;
		this.configs = configs;
		this.stats = stats;
	}

	@PostMapping
	@Operation(summary = "Create a tenant (PLATFORM_ADMIN)",
			description = "The tenant is ACTIVE at once and io.tenantry.tenant.created.v1 is published; a taken slug "
					+ "is 409. With ownerEmail, user-service invites that person as the first OWNER. billing-service "
					+ "starts the tenant's subscription on plan; from then on the plan is billing's.")
	ResponseEntity<TenantResponse> create(@Valid @RequestBody TenantRequests.Create request, Authentication caller) {
		TenantResponse created = this.tenants.create(Operator.of(caller), request);
		return ResponseEntity.created(URI.create("/api/tenants/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(summary = "List every tenant (PLATFORM_ADMIN)",
			description = "Filters: status, plan, q (in name or slug, ignoring case). Sort: createdAt (default, newest "
					+ "first), name, slug, status or plan, optionally followed by ,asc or ,desc. Pages from 0, size 1-100.")
	PageResponse<TenantResponse> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String plan, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			@RequestParam(required = false) String sort, Authentication caller) {
		return this.tenants.list(Operator.of(caller), status, plan, q, page, size, sort);
	}

	@GetMapping("/{id}")
	@Operation(summary = "A tenant: its own members, or a PLATFORM_ADMIN",
			description = "Another tenant's id answers 404, exactly like an id that does not exist. A suspended "
					+ "tenant's members can still read it, to see why (statusReason, and suspendedFor: OPERATOR or "
					+ "NONPAYMENT).")
	TenantResponse get(@PathVariable UUID id, Authentication caller) {
		return this.tenants.get(Operator.of(caller), id);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Update a tenant's profile (its OWNER or ADMIN, or a PLATFORM_ADMIN)",
			description = "Absent fields are left as they are. region: PLATFORM_ADMIN only. The slug cannot change "
					+ "once the tenant has been active (409). The plan is billing-service's: a plan other than the "
					+ "current one is 409 (change the subscription with PUT /api/billing/subscriptions/{id}, or as a "
					+ "platform operator PUT /api/billing/platform/tenants/{tenantId}/subscription; the tenant's plan "
					+ "follows it), the current one changes nothing. Publishes "
					+ "io.tenantry.tenant.updated.v1.")
	TenantResponse update(@PathVariable UUID id, @Valid @RequestBody TenantRequests.Update request,
			Authentication caller) {
		return this.tenants.update(Operator.of(caller), id, request);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a tenant (its OWNER, or a PLATFORM_ADMIN)",
			description = "The tenant becomes PENDING_DELETION: refused everywhere but reading the tenant itself, its "
					+ "logins too, restorable with reactivate until purgeAfter (30 days by default), then every service "
					+ "purges its data. Publishes io.tenantry.tenant.deletion-scheduled.v1.")
	TenantResponse delete(@PathVariable UUID id,
			@RequestParam(required = false) @Size(max = 500) String reason, Authentication caller) {
		return this.tenants.delete(Operator.of(caller), id, reason);
	}

	@PostMapping("/{id}/suspend")
	@Operation(summary = "Suspend a tenant (PLATFORM_ADMIN); a reason is required",
			description = "Within seconds the gateway refuses the tenant's requests with 403 tenant-suspended, except "
					+ "reading the tenant itself, logging in and /api/billing/**. Only an operator lifts it (a payment "
					+ "lifts only billing-service's own suspension for non-payment). Publishes "
					+ "io.tenantry.tenant.suspended.v1.")
	TenantResponse suspend(@PathVariable UUID id, @Valid @RequestBody TenantRequests.Reason request,
			Authentication caller) {
		return this.tenants.suspend(Operator.of(caller), id, request.reason());
	}

	@PostMapping("/{id}/reactivate")
	@Operation(summary = "Reactivate a suspended tenant, or restore one pending deletion (PLATFORM_ADMIN)",
			description = "Publishes io.tenantry.tenant.reactivated.v1.")
	TenantResponse reactivate(@PathVariable UUID id, Authentication caller) {
		return this.tenants.reactivate(Operator.of(caller), id);
	}

	@GetMapping("/{id}/config")
	@Operation(summary = "A tenant's configuration: branding, locale, time zone, feature flags, custom settings")
	TenantConfigs.ConfigView config(@PathVariable UUID id, Authentication caller) {
		return this.configs.get(Operator.of(caller), id);
	}

	@PutMapping("/{id}/config")
	@Operation(summary = "Replace a tenant's configuration (its OWNER or ADMIN, or a PLATFORM_ADMIN)",
			description = "Absent parts take their defaults. settings: a JSON object of at most 16 KiB. Publishes "
					+ "io.tenantry.tenant.config-changed.v1 naming the parts that changed.")
	TenantConfigs.ConfigView replaceConfig(@PathVariable UUID id, @Valid @RequestBody TenantRequests.Config request,
			Authentication caller) {
		return this.configs.replace(Operator.of(caller), id, request);
	}

	@GetMapping("/{id}/stats")
	@Operation(summary = "A tenant's statistics, from the events of the other services",
			description = "Users by status, organizations, API calls (as the gateway counted them, a few seconds late) "
					+ "and storage (as last reported on tenantry.usage.v1), "
					+ "last activity. A projection: never a call to another service.")
	TenantStats.StatsView stats(@PathVariable UUID id, Authentication caller) {
		return this.stats.get(Operator.of(caller), id);
	}

}
