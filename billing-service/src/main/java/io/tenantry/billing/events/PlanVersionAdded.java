package io.tenantry.billing.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A platform operator added a version of a plan; new subscribers get it. Subject: the plan.
 * Recorded in the platform tenant's log ({@code tenantId} is the platform tenant).
 */
public record PlanVersionAdded(UUID tenantId, String plan, int version, String currency, long monthlyPrice,
		long yearlyPrice, Map<String, Long> limits, List<String> features) {

	public static final String TYPE = "io.tenantry.billing.plan-version-added.v1";

}
