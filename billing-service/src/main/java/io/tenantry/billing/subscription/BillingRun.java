package io.tenantry.billing.subscription;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.tenantry.billing.payment.PaymentProvider;
import io.tenantry.billing.payment.Payments;
import io.tenantry.common.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code tenantry.billing.run-interval}: renews the subscriptions whose period has
 * ended (invoicing the new one), then makes the payment attempts that are due. What is due
 * is found across tenants in the read-only mode {@code app.billing_run}; each change is made
 * as its tenant. Several instances may run at once: rows are locked and attempts claimed.
 * One tenant's failure is logged and the run goes on.
 */
@Component
class BillingRun {

	private static final Logger logger = LoggerFactory.getLogger(BillingRun.class);

	static final int BATCH = 200;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Subscriptions subscriptions;

	private final Payments payments;

	private final PaymentProvider provider;

	private final Clock clock;

	BillingRun(JdbcTemplate jdbc, TransactionTemplate transactions, Subscriptions subscriptions,
			Payments payments, PaymentProvider provider, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.subscriptions = subscriptions;
		this.payments = payments;
		this.provider = provider;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${tenantry.billing.run-interval:30s}",
			initialDelayString = "${tenantry.billing.run-interval:30s}")
	void run() {
		renewDue();
		collectDue();
	}

	/** @return the invoices issued */
	int renewDue() {
		int issued = 0;
		for (Due due : due("""
				select tenant_id, null::uuid from subscription
				where status <> 'CANCELED' and current_period_end <= ? order by current_period_end limit ?""")) {
			try {
				issued += TenantContext.callAs(due.tenantId(),
						() -> this.transactions.execute((tx) -> this.subscriptions.renew(due.tenantId())));
			}
			catch (RuntimeException ex) {
				logger.error("Renewing the subscription of tenant {} failed", due.tenantId(), ex);
			}
		}
		return issued;
	}

	/** @return the payment attempts made */
	int collectDue() {
		if (!this.provider.enabled()) {
			return 0;
		}
		int attempts = 0;
		for (Due due : due("""
				select tenant_id, id from invoice
				where status = 'OPEN' and next_payment_attempt_at <= ? order by next_payment_attempt_at limit ?""")) {
			try {
				if (this.payments.collectDue(due.tenantId(), due.invoiceId())) {
					attempts++;
				}
			}
			catch (RuntimeException ex) {
				logger.error("Collecting invoice {} of tenant {} failed", due.invoiceId(), due.tenantId(), ex);
			}
		}
		return attempts;
	}

	private List<Due> due(String sql) {
		return this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.billing_run', 'on', true)", String.class);
			return this.jdbc.query(sql,
					(rs, row) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)),
					Timestamp.from(this.clock.instant()), BATCH);
		});
	}

	private record Due(UUID tenantId, UUID invoiceId) {
	}

}
