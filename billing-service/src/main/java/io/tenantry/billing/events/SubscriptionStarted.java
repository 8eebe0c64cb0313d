package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant's subscription started (or resumed after a restored deletion) on {@code plan},
 * its first period invoiced. Subject: the tenant id. Topic {@code tenantry.billing.v1}.
 */
public record SubscriptionStarted(UUID tenantId, String plan, String currency, long amountPerPeriod,
		String period, Instant currentPeriodStart, Instant currentPeriodEnd) {

	public static final String TYPE = "io.tenantry.billing.subscription-started.v1";

}
