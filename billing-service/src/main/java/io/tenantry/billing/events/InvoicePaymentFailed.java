package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment of an invoice failed: {@code reason} DECLINED, AUTHENTICATION_REQUIRED,
 * NO_PAYMENT_METHOD or PROVIDER_ERROR; {@code nextAttemptAt} null when no automatic retry is
 * left. The subscription is PAST_DUE until the invoice is paid. Subject: the invoice id.
 */
public record InvoicePaymentFailed(UUID tenantId, UUID invoiceId, String number, String currency, long amountDue,
		int attempt, String reason, String message, Instant nextAttemptAt) {

	public static final String TYPE = "io.tenantry.billing.invoice-payment-failed.v1";

}
