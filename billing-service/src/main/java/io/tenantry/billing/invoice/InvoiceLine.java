package io.tenantry.billing.invoice;

import java.time.Instant;

/**
 * One line of an invoice: amounts in the currency's minor unit, below zero for a credit;
 * {@code amount} is {@code quantity * unitAmount}, or a prorated amount.
 */
public record InvoiceLine(String description, long quantity, long unitAmount, long amount, Instant periodStart,
		Instant periodEnd) {

	/** A line of {@code quantity} at {@code unitAmount} each. */
	public static InvoiceLine of(String description, long quantity, long unitAmount, Instant periodStart,
			Instant periodEnd) {
		return new InvoiceLine(description, quantity, unitAmount, Math.multiplyExact(quantity, unitAmount),
				periodStart, periodEnd);
	}

}
