package io.tenantry.billing.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import io.tenantry.billing.plan.Plan;
import io.tenantry.billing.plan.PlanCatalogue;
import io.tenantry.billing.plan.PlanVersion;

/**
 * A tenant's subscription as the API shows it: the price of one period of the plan version it keeps,
 * and whether a payment method is saved (the provider's id, never card details).
 */
record SubscriptionView(String plan, int planVersion, String status, String currency, long amountPerPeriod,
		String period,
		Instant currentPeriodStart, Instant currentPeriodEnd, String paymentMethodId, Instant startedAt,
		Instant canceledAt) {

	static final String COLUMNS = "plan, plan_version, status, currency, current_period_start, current_period_end, "
			+ "payment_method_id, started_at, canceled_at";

	static SubscriptionView of(ResultSet rs, BillingProperties properties, PlanCatalogue catalogue)
			throws SQLException {
		PlanVersion version = catalogue.version(Plan.valueOf(rs.getString("plan")), rs.getInt("plan_version"));
		return new SubscriptionView(version.plan().name(), version.version(), rs.getString("status"),
				rs.getString("currency"), version.priceFor(properties.period()), properties.period().toString(), instant(rs.getTimestamp("current_period_start")),
				instant(rs.getTimestamp("current_period_end")), rs.getString("payment_method_id"),
				instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("canceled_at")));
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
