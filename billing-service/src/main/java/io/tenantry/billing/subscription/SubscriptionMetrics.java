package io.tenantry.billing.subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tenantry.billing.plan.Plan;
import io.tenantry.billing.BillingProperties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Subscriptions' business metrics, never tagged by tenant: counted across tenants every
 * {@code tenantry.billing.metrics-interval}, subscriptions by status and plan and the monthly
 * recurring revenue of the live ones (ACTIVE and PAST_DUE) by plan, in the currency's major
 * unit, each at the monthly price of the plan version it keeps.
 */
@Component
public class SubscriptionMetrics {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final BillingProperties properties;


	private final MultiGauge subscriptions;

	private final MultiGauge mrr;

	SubscriptionMetrics(JdbcTemplate jdbc, TransactionTemplate transactions, BillingProperties properties,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.subscriptions = MultiGauge.builder("tenantry.billing.subscriptions")
			.description("Subscriptions by status and plan")
			.register(meters);
		this.mrr = MultiGauge.builder("tenantry.billing.mrr")
			.description("Monthly recurring revenue of the live subscriptions, by plan, in the currency's major unit")
			.register(meters);
		publish(Map.of(), Map.of());
	}

	@Scheduled(fixedDelayString = "${tenantry.billing.metrics-interval:30s}", initialDelay = 0)
	public void refresh() {
		Map<String, Long> counts = new HashMap<>();
		Map<String, Double> monthly = new HashMap<>();
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.queryForObject("select set_config('app.billing_run', 'on', true)", String.class);
			this.jdbc.query("select status, plan, count(*) from subscription group by status, plan",
					(rs) -> {
						counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
					});
			// each live subscription at the monthly price of the version it keeps
			this.jdbc.query("""
					select s.plan, s.currency, sum(v.monthly_price) from subscription s
					join plan_version v on v.plan = s.plan and v.version = s.plan_version
					where s.status <> 'CANCELED' group by s.plan, s.currency""",
					(rs) -> {
						monthly.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3) / 100.0);
					});
		});
		publish(counts, monthly);
	}

	private void publish(Map<String, Long> counts, Map<String, Double> monthly) {
		List<MultiGauge.Row<?>> subscriptionRows = new ArrayList<>();
		List<MultiGauge.Row<?>> mrrRows = new ArrayList<>();
		for (Plan plan : Plan.values()) {
			for (SubscriptionStatus status : SubscriptionStatus.values()) {
				long count = counts.getOrDefault(status.name() + "/" + plan.name(), 0L);
				subscriptionRows.add(MultiGauge.Row.of(Tags.of("status", status.name(), "plan", plan.name()), count));
			}
			mrrRows.add(MultiGauge.Row.of(Tags.of("plan", plan.name(), "currency", this.properties.currency()),
					monthly.getOrDefault(plan.name() + "/" + this.properties.currency(), 0.0)));
		}
		this.subscriptions.register(subscriptionRows, true);
		this.mrr.register(mrrRows, true);
	}

}
