package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant's use of {@code metric} reached {@code percent} (80 or 100) of its plan's
 * limit; announced once per metric, threshold and billing period. Subject: the metric.
 */
public record UsageThresholdReached(UUID tenantId, String metric, int percent, long used, long limit, String plan,
		Instant periodStart, Instant reachedAt) {

	public static final String TYPE = "io.tenantry.billing.usage-threshold-reached.v1";

}
