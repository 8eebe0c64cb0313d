package io.tenantry.billing.subscription;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.billing.plan.Plan;
import io.tenantry.billing.plan.PlanCatalogue;
import io.tenantry.billing.plan.PlanVersion;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules read of a tenant's subscription: the plan version it keeps, its status
 * and its current period. In the caller's transaction, as the tenant.
 */
@Component
public class SubscriptionPlans {

	private final JdbcTemplate jdbc;

	private final PlanCatalogue catalogue;

	SubscriptionPlans(JdbcTemplate jdbc, PlanCatalogue catalogue) {
		this.jdbc = jdbc;
		this.catalogue = catalogue;
	}

	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	public Optional<Current> current(UUID tenantId) {
		return this.jdbc.query("""
				select plan, plan_version, status, current_period_start, current_period_end, payment_method_id
				from subscription where tenant_id = ?""", (rs, row) -> new Current(
				this.catalogue.version(Plan.valueOf(rs.getString(1)), rs.getInt(2)), rs.getString(3),
				rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6) != null), tenantId)
			.stream()
			.findFirst();
	}

	/** The sum of the tenant's open invoices, in the currency's minor unit. */
	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	public long openBalance(UUID tenantId) {
		Long balance = this.jdbc.queryForObject(
				"select coalesce(sum(amount_due), 0) from invoice where tenant_id = ? and status = 'OPEN'", Long.class,
				tenantId);
		return (balance != null) ? balance : 0;
	}

	/**
	 * A tenant's subscription: the plan version it keeps, its status (ACTIVE, PAST_DUE,
	 * CANCELED), its current period and whether a payment method is saved.
	 */
	public record Current(PlanVersion version, String status, Instant periodStart, Instant periodEnd,
			boolean paymentMethodSaved) {
	}

}
