package io.tenantry.billing.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import static io.tenantry.billing.subscription.SubscriptionView.instant;

/** An invoice as the API shows it; amounts in the currency's minor unit. */
record InvoiceView(UUID id, String number, String status, String plan, String description, String currency,
		long amountDue, Instant periodStart, Instant periodEnd, Instant issuedAt, Instant paidAt,
		int paymentAttempts, Instant nextPaymentAttemptAt, String lastPaymentError, String paymentId) {

	static final String COLUMNS = "id, number, status, plan, description, currency, amount_due, period_start, "
			+ "period_end, issued_at, paid_at, payment_attempts, next_payment_attempt_at, last_payment_error, payment_id";

	static InvoiceView of(ResultSet rs) throws SQLException {
		return new InvoiceView(rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("status"),
				rs.getString("plan"), rs.getString("description"), rs.getString("currency"), rs.getLong("amount_due"),
				instant(rs.getTimestamp("period_start")), instant(rs.getTimestamp("period_end")),
				instant(rs.getTimestamp("issued_at")), instant(rs.getTimestamp("paid_at")),
				rs.getInt("payment_attempts"), instant(rs.getTimestamp("next_payment_attempt_at")),
				rs.getString("last_payment_error"), rs.getString("payment_id"));
	}

}
