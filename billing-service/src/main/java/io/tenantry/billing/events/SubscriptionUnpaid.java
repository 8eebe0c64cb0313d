package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Every retry of an invoice's payment failed: the subscription is UNPAID and the tenant is to
 * be suspended until it pays (tenant-service suspends it). Subject: the tenant id.
 */
public record SubscriptionUnpaid(UUID tenantId, UUID subscriptionId, UUID invoiceId, String invoiceNumber,
		String currency, long amountDue, Instant at) {

	public static final String TYPE = "io.tenantry.billing.subscription-unpaid.v1";

}
