package io.tenantry.billing.invoice;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An invoice as the API shows it; amounts in the currency's minor unit. {@code total} is
 * {@code subtotal + tax} (below zero for a credit note); {@code amountDue} is what is left to
 * pay after the tenant's credit ({@code creditApplied}).
 */
public record InvoiceView(UUID id, String number, String kind, String status, String plan, String interval,
		String description, String buyerName, String currency, long subtotal, BigDecimal taxRate, long tax, long total,
		long creditApplied, long amountDue, Instant periodStart, Instant periodEnd, Instant issuedAt, Instant paidAt,
		int paymentAttempts, Instant nextPaymentAttemptAt, String lastPaymentError, String paymentId, String memo,
		String issuedBy, List<InvoiceLine> lines) {

	public static final String COLUMNS = "id, number, kind, status, plan, billing_interval, description, buyer_name, "
			+ "currency, subtotal, tax_rate, tax, total, credit_applied, amount_due, period_start, period_end, issued_at, "
			+ "paid_at, payment_attempts, next_payment_attempt_at, last_payment_error, payment_id, memo, issued_by";

	static InvoiceView of(ResultSet rs) throws SQLException {
		return new InvoiceView(rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("kind"),
				rs.getString("status"), rs.getString("plan"), rs.getString("billing_interval"),
				rs.getString("description"), rs.getString("buyer_name"), rs.getString("currency"),
				rs.getLong("subtotal"), rs.getBigDecimal("tax_rate"), rs.getLong("tax"), rs.getLong("total"),
				rs.getLong("credit_applied"), rs.getLong("amount_due"), instant(rs.getTimestamp("period_start")),
				instant(rs.getTimestamp("period_end")), instant(rs.getTimestamp("issued_at")),
				instant(rs.getTimestamp("paid_at")), rs.getInt("payment_attempts"),
				instant(rs.getTimestamp("next_payment_attempt_at")), rs.getString("last_payment_error"),
				rs.getString("payment_id"), rs.getString("memo"), rs.getString("issued_by"), List.of());
	}

	InvoiceView withLines(List<InvoiceLine> lines) {
		return new InvoiceView(this.id, this.number, this.kind, this.status, this.plan, this.interval,
				this.description, this.buyerName, this.currency, this.subtotal, this.taxRate, this.tax, this.total,
				this.creditApplied, this.amountDue, this.periodStart, this.periodEnd, this.issuedAt, this.paidAt,
				this.paymentAttempts, this.nextPaymentAttemptAt, this.lastPaymentError, this.paymentId, this.memo,
				this.issuedBy, List.copyOf(lines));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
