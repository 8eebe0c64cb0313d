package io.tenantry.user.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's level of a metered metric (decision 13): for {@code users}, the number of its
 * accounts after a change, every status counted until deleted. A level, so the latest value
 * counts and {@code windowStart} equals {@code windowEnd}. Subject: the metric. Topic
 * {@code tenantry.usage.v1}.
 */
public record UsageRecorded(UUID tenantId, String metric, long quantity, Instant windowStart, Instant windowEnd) {

	public static final String TYPE = "io.tenantry.usage.recorded.v1";

}
