package io.tenantry.billing.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import io.tenantry.billing.plan.Plan;
import io.tenantry.billing.plan.PlanCatalogue;
import io.tenantry.billing.plan.PlanVersion;

/**
 * A tenant's subscription as the API shows it: the plan version it keeps and the price of one
 * period of it, its interval and period, a trial's end, a change scheduled for the period's
 * end (a downgrade, or the end itself), the credit it holds, and whether a payment method is
 * saved (the provider's id, never card details). Amounts in the currency's minor unit.
 */
public record SubscriptionView(UUID id, String plan, int planVersion, String interval, String status, String currency,
		long amountPerPeriod, String period, Instant currentPeriodStart, Instant currentPeriodEnd, Instant trialEnd,
		boolean cancelAtPeriodEnd, String scheduledPlan, String scheduledInterval, long creditBalance,
		String paymentMethodId, Instant startedAt, Instant canceledAt) {

	static final String COLUMNS = "id, plan, plan_version, billing_interval, status, currency, current_period_start, "
			+ "current_period_end, trial_end, cancel_at_period_end, scheduled_plan, scheduled_interval, credit_balance, "
			+ "payment_method_id, started_at, canceled_at";

	static SubscriptionView of(ResultSet rs, PlanCatalogue catalogue) throws SQLException {
		PlanVersion version = catalogue.version(Plan.valueOf(rs.getString("plan")), rs.getInt("plan_version"));
		Interval interval = Interval.valueOf(rs.getString("billing_interval"));
		return new SubscriptionView(rs.getObject("id", UUID.class), version.plan().name(), version.version(),
				interval.name(), rs.getString("status"), rs.getString("currency"), interval.price(version),
				interval.period().toString(), instant(rs.getTimestamp("current_period_start")),
				instant(rs.getTimestamp("current_period_end")), instant(rs.getTimestamp("trial_end")),
				rs.getBoolean("cancel_at_period_end"), rs.getString("scheduled_plan"),
				rs.getString("scheduled_interval"), rs.getLong("credit_balance"), rs.getString("payment_method_id"),
				instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("canceled_at")));
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
