package io.tenantry.billing.usage;

import java.time.Instant;

/**
 * One usage record as accepted: {@code quantity} of {@code metric} at {@code timestamp}
 * (a count for a counter, the level for a level), unique per tenant by
 * {@code idempotencyKey}; {@code attributes} is the client's JSON object, or {@code null}.
 */
public record UsageRecord(Metric metric, long quantity, Instant timestamp, String idempotencyKey,
		String attributes) {

}
