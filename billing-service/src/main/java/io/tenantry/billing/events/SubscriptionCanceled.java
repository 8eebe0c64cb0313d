package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant's deletion was scheduled: no period after the current one is invoiced. Open
 * invoices stay open. Subject: the tenant id.
 */
public record SubscriptionCanceled(UUID tenantId, String plan, Instant canceledAt) {

	public static final String TYPE = "io.tenantry.billing.subscription-canceled.v1";

}
