package io.tenantry.billing.payment;

import java.util.UUID;

/**
 * What a payment attempt ended in, published in the attempt's transaction for the
 * subscription to follow (PAST_DUE, UNPAID, ACTIVE again), so that payments know nothing of
 * subscriptions.
 */
public sealed interface PaymentOutcome {

	UUID tenantId();

	/** A definite failure (declined, authentication required, no payment method). */
	record Failed(UUID tenantId, UUID invoiceId, String number, String currency, long amount,
			boolean retriesLeft) implements PaymentOutcome {
	}

	/** An invoice of the tenant was paid. */
	record Succeeded(UUID tenantId) implements PaymentOutcome {
	}

}
