package io.tenantry.tenant.events;

import java.util.UUID;

/**
 * A tenant was created. Topic {@code tenantry.tenant.v1}, subject and {@code tenantid}: the
 * new tenant's id. user-service adds the slug to its login directory; audit-service keeps
 * the plan for its retention defaults. {@code ownerEmail}, when given, is invited by
 * user-service as the tenant's first OWNER.
 */
public record TenantCreated(UUID tenantId, String slug, String name, String plan, String status, String ownerEmail) {

	public static final String TYPE = "io.tenantry.tenant.created.v1";

}
