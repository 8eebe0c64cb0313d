package io.tenantry.tenant.tenant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant as the API shows it.
 *
 * @param suspendedFor while SUSPENDED, by whom: {@code OPERATOR} (a platform operator) or
 * {@code NONPAYMENT} (billing-service, for an unpaid invoice; lifted by paying it)
 * @param provisioning the onboarding steps and their state (shown when one tenant is
 * read or created; empty in lists)
 */
record TenantResponse(UUID id, String slug, String name, TenantStatus status, Plan plan, String region,
		String ownerEmail, String ownerName, String statusReason, Instant suspendedAt, Suspension suspendedFor,
		Instant deletionRequestedAt, Instant purgeAfter, Instant createdAt, Instant updatedAt, long version,
		List<Provisioning.StepView> provisioning) {

	static TenantResponse of(Tenant tenant) {
		return of(tenant, List.of());
	}

	static TenantResponse of(Tenant tenant, List<Provisioning.StepView> provisioning) {
		return new TenantResponse(tenant.getId(), tenant.getSlug(), tenant.getName(), tenant.getStatus(),
				tenant.getPlan(), tenant.getRegion(), tenant.getOwnerEmail(), tenant.getOwnerName(),
				tenant.getStatusReason(), tenant.getSuspendedAt(), tenant.getSuspendedFor(), tenant.getDeletionRequestedAt(),
				tenant.getPurgeAfter(), tenant.getCreatedAt(), tenant.getUpdatedAt(), tenant.getVersion(), provisioning);
	}

}
