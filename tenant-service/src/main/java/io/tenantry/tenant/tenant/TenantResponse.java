package io.tenantry.tenant.tenant;

import java.time.Instant;
import java.util.UUID;

/** A tenant as the API shows it. */
record TenantResponse(UUID id, String slug, String name, TenantStatus status, Plan plan, Instant createdAt,
		Instant updatedAt) {

	static TenantResponse of(Tenant tenant) {
		return new TenantResponse(tenant.getId(), tenant.getSlug(), tenant.getName(), tenant.getStatus(),
				tenant.getPlan(), tenant.getCreatedAt(), tenant.getUpdatedAt());
	}

}
