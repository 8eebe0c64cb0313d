package io.tenantry.billing.payment;

import java.util.UUID;

/**
 * One attempt to pay an invoice: {@code amount} in the currency's minor unit. The invoice,
 * its charge sequence (charges with a definite answer so far) and the payment method make
 * the idempotency key: an attempt whose answer was lost (a timeout, a provider error, a crash
 * before the outcome was recorded) is made again with the same key, and is the same charge.
 */
public record Charge(UUID tenantId, UUID invoiceId, int sequence, String customerId, String paymentMethodId,
		long amount, String currency, String description) {

	public String idempotencyKey() {
		return "invoice-" + this.invoiceId + "-" + this.sequence + "-" + this.paymentMethodId;
	}

}
