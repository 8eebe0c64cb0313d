package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An invoice was issued for one period, in advance; {@code status} PAID when nothing is
 * due (a free plan), else OPEN. Subject: the invoice id.
 */
public record InvoiceIssued(UUID tenantId, UUID invoiceId, String number, String plan, String currency,
		long amountDue, Instant periodStart, Instant periodEnd, String status) {

	public static final String TYPE = "io.tenantry.billing.invoice-issued.v1";

}
