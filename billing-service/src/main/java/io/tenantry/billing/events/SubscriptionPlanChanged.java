package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant's plan changed in tenant-service; invoices from {@code effectiveFrom} (the next
 * period's start) are for {@code plan}. Subject: the tenant id.
 */
public record SubscriptionPlanChanged(UUID tenantId, String previousPlan, String plan, Instant effectiveFrom) {

	public static final String TYPE = "io.tenantry.billing.subscription-plan-changed.v1";

}
