package io.tenantry.billing.usage;

import java.util.Map;
import java.util.UUID;

/**
 * Published in-process, inside the transaction that stored new usage of a tenant: the level
 * metrics whose current level changed, with their new level, and the counters that grew. The
 * entitlement module checks thresholds from it in the same transaction.
 */
public record UsageRecorded(UUID tenantId, Map<Metric, Long> levels, Map<Metric, Long> counted) {

}
