package io.tenantry.common.purge;

import java.util.UUID;

/**
 * A service's own part of purging a tenant, for data that is the tenant's but not in a
 * {@code tenant_id} column (for example rows found through another table). Runs first, in
 * the purge's transaction, as the tenant.
 */
@FunctionalInterface
public interface TenantPurgeContributor {

	void purge(UUID tenantId);

}
