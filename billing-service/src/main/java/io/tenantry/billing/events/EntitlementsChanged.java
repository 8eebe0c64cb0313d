package io.tenantry.billing.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the tenant may have and do from {@code effectiveAt}: its plan's limits (a metric
 * absent is unlimited) and features. Published whenever the tenant's plan or plan version
 * takes effect; the services that enforce limits (user-service) keep the latest. Subject:
 * the tenant id.
 */
public record EntitlementsChanged(UUID tenantId, String plan, int planVersion, Map<String, Long> limits,
		List<String> features, Instant effectiveAt) {

	public static final String TYPE = "io.tenantry.billing.entitlements-changed.v1";

}
