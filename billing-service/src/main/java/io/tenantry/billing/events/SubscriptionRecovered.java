package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A PAST_DUE or UNPAID subscription is ACTIVE again: its failed invoices are paid. A tenant
 * suspended for non-payment is reactivated (tenant-service). Subject: the tenant id.
 */
public record SubscriptionRecovered(UUID tenantId, UUID subscriptionId, String previousStatus, Instant at) {

	public static final String TYPE = "io.tenantry.billing.subscription-recovered.v1";

}
