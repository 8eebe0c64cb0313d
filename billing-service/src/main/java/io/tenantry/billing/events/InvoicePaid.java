package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/** An invoice was paid ({@code paymentId}: the provider's payment). Subject: the invoice id. */
public record InvoicePaid(UUID tenantId, UUID invoiceId, String number, String currency, long amountPaid,
		String paymentId, Instant paidAt) {

	public static final String TYPE = "io.tenantry.billing.invoice-paid.v1";

}
