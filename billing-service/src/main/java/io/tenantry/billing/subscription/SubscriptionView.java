package io.tenantry.billing.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * A tenant's subscription as the API shows it: the price of one period of its plan today,
 * and whether a payment method is saved (the provider's id, never card details).
 */
record SubscriptionView(String plan, String status, String currency, long amountPerPeriod, String period,
		Instant currentPeriodStart, Instant currentPeriodEnd, String paymentMethodId, Instant startedAt,
		Instant canceledAt) {

	static final String COLUMNS = "plan, status, currency, current_period_start, current_period_end, "
			+ "payment_method_id, started_at, canceled_at";

	static SubscriptionView of(ResultSet rs, BillingProperties properties) throws SQLException {
		Plan plan = Plan.valueOf(rs.getString("plan"));
		return new SubscriptionView(plan.name(), rs.getString("status"), rs.getString("currency"),
				properties.price(plan), properties.period().toString(), instant(rs.getTimestamp("current_period_start")),
				instant(rs.getTimestamp("current_period_end")), rs.getString("payment_method_id"),
				instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("canceled_at")));
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
