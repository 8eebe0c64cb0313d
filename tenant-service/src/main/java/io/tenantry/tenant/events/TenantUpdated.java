package io.tenantry.tenant.events;

import java.util.List;
import java.util.UUID;

/**
 * A tenant's profile changed. Topic {@code tenantry.tenant.v1}. A change of {@code plan}
 * follows billing-service's {@code entitlements-changed} (actor: system); nothing else
 * changes the plan.
 *
 * @param changed the names of the fields that changed
 */
public record TenantUpdated(UUID tenantId, String slug, String name, String plan, String region, String status,
		List<String> changed) {

	public static final String TYPE = "io.tenantry.tenant.updated.v1";

}
