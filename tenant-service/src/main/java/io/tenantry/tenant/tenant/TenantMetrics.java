package io.tenantry.tenant.tenant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.tenantry.common.tenant.PlatformTenant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code tenantry.tenants}: how many tenants are in each status on each plan, the platform
 * tenant aside. Counted across tenants (the {@code platform_operator} mode, as every
 * scheduled job of this service) every {@code tenantry.tenants.metrics-interval}, not per
 * scrape; every status and plan pair is published, zero included, so a series never vanishes.
 */
@Component
class TenantMetrics {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MultiGauge tenants;

	TenantMetrics(JdbcTemplate jdbc, TransactionTemplate transactions, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.tenants = MultiGauge.builder("tenantry.tenants")
			.description("Tenants by status and plan")
			.register(meters);
		publish(Map.of());
	}

	@Scheduled(fixedDelayString = "${tenantry.tenants.metrics-interval:30s}", initialDelay = 0)
	void refresh() {
		Map<String, Long> counts = new HashMap<>();
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.queryForObject("select set_config('app.platform_operator', 'on', true)", String.class);
			this.jdbc.query("select status, plan, count(*) from tenant where tenant_id <> ? group by status, plan",
					(rs) -> {
						counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
					}, PlatformTenant.ID);
		});
		publish(counts);
	}

	private void publish(Map<String, Long> counts) {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (TenantStatus status : TenantStatus.values()) {
			for (Plan plan : Plan.values()) {
				long count = counts.getOrDefault(status.name() + "/" + plan.name(), 0L);
				rows.add(MultiGauge.Row.of(Tags.of("status", status.name(), "plan", plan.name()), count));
			}
		}
		this.tenants.register(rows, true);
	}

}
