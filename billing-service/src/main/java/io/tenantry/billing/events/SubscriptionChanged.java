package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The tenant changed its subscription: {@code change} is UPGRADED (in force now, prorated),
 * DOWNGRADE_SCHEDULED (in force at {@code effectiveAt}, the period's end), DOWNGRADED (a
 * scheduled downgrade took effect), CANCEL_SCHEDULED (ends at the period's end), CANCELED (ended
 * now, the unused time credited) or CANCEL_REVOKED. Subject: the tenant id.
 */
public record SubscriptionChanged(UUID tenantId, UUID subscriptionId, String change, String previousPlan,
		String previousInterval, String plan, String interval, Instant effectiveAt) {

	public static final String TYPE = "io.tenantry.billing.subscription-changed.v1";

}
