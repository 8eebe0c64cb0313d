package io.tenantry.tenant.events;

import java.util.List;
import java.util.UUID;

/**
 * A platform operator listed tenants: the one read across tenants, recorded in the
 * platform tenant's audit log with its filters and the tenants it returned. Topic
 * {@code tenantry.tenant.v1}, tenant: the platform tenant. Its fields are named so that no
 * consumer takes a filter for the status of a tenant.
 */
public record TenantsListed(UUID tenantId, String statusFilter, String planFilter, String query, int page, int size,
		List<UUID> returned) {

	public static final String TYPE = "io.tenantry.tenant.operator-listed.v1";

}
