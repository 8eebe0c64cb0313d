package io.tenantry.billing.payment;

import java.util.UUID;

/**
 * One attempt to pay an invoice: {@code amount} in the currency's minor unit. The invoice and
 * attempt number make the idempotency key, so a repeated request is one charge.
 */
public record Charge(UUID tenantId, UUID invoiceId, int attempt, String customerId, String paymentMethodId,
		long amount, String currency, String description) {

	public String idempotencyKey() {
		return "invoice-" + this.invoiceId + "-attempt-" + this.attempt;
	}

}
