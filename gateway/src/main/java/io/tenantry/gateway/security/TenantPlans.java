package io.tenantry.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's plan, as tenant-service's events last said ({@code tenant.created},
 * {@code tenant.updated}): the gateway counts API calls per plan with it.
 */
class TenantPlans {

	/** The plan of a tenant no event has named one for yet (the platform tenant, say). */
	static final String UNKNOWN = "none";

	private final Map<String, String> plans = new ConcurrentHashMap<>();

	void apply(String tenantId, String plan) {
		this.plans.put(tenantId, plan);
	}

	String planOf(String tenantId) {
		return (tenantId != null) ? this.plans.getOrDefault(tenantId, UNKNOWN) : UNKNOWN;
	}

}
