package io.tenantry.gateway.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * The data of {@code io.tenantry.usage.recorded.v1} (decision 13): for the gateway's
 * {@code api_calls}, a counter, the calls of the tenant within [windowStart, windowEnd).
 */
record UsageRecorded(UUID tenantId, String metric, long quantity, Instant windowStart, Instant windowEnd) {

	static final String TYPE = "io.tenantry.usage.recorded.v1";

	static final String API_CALLS = "api_calls";

}
