package io.tenantry.billing.subscription;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tenantry.billing.events.InvoicePaid;
import io.tenantry.billing.events.InvoicePaymentFailed;
import io.tenantry.billing.payment.Charge;
import io.tenantry.billing.payment.ChargeResult;
import io.tenantry.billing.payment.FailureReason;
import io.tenantry.billing.payment.PaymentProvider;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Takes payment of open invoices through the {@link PaymentProvider}, in three steps so that
 * no transaction waits on the provider: claim the attempt (the row locked, the attempt
 * counted, the next automatic attempt pushed past {@code collection-lease} so no other
 * instance takes it meanwhile), charge, record the outcome. A failure schedules the next
 * attempt from {@code payment-retries} and makes the subscription PAST_DUE; a payment makes
 * it ACTIVE again once no failed invoice is left open.
 */
@Service
class Payments {

	private static final Logger logger = LoggerFactory.getLogger(Payments.class);

	private static final String ACTOR = "billing-service";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventOutbox events;

	private final PaymentProvider provider;

	private final BillingProperties properties;

	private final BillingMetrics metrics;

	private final Clock clock;

	Payments(JdbcTemplate jdbc, TransactionTemplate transactions, EventOutbox events, PaymentProvider provider,
			BillingProperties properties, BillingMetrics metrics, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.provider = provider;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** An automatic attempt, if the invoice is still due for one; returns whether one was made. */
	boolean collectDue(UUID tenantId, UUID invoiceId) {
		Attempt attempt = TenantContext.callAs(tenantId,
				() -> this.transactions.execute((tx) -> claim(invoiceId, false)));
		if (attempt == null) {
			return false;
		}
		settle(tenantId, attempt);
		return true;
	}

	/** A billing admin's attempt, now, whatever the schedule; as the current tenant. */
	InvoiceView payNow(UUID invoiceId) {
		UUID tenantId = TenantContext.requireTenantId();
		Attempt attempt = this.transactions.execute((tx) -> claim(invoiceId, true));
		settle(tenantId, attempt);
		return this.transactions.execute((tx) -> this.jdbc
			.queryForObject("select " + InvoiceView.COLUMNS + " from invoice where id = ?",
					(rs, row) -> InvoiceView.of(rs), invoiceId));
	}

	private Attempt claim(UUID invoiceId, boolean onDemand) {
		List<Attempt> found = this.jdbc.query("""
				select i.tenant_id, i.id, i.number, i.status, i.plan, i.description, i.currency, i.amount_due,
				       i.payment_attempts, i.next_payment_attempt_at, s.customer_id, s.payment_method_id
				from invoice i left join subscription s on s.tenant_id = i.tenant_id
				where i.id = ? for update of i""", (rs, row) -> new Attempt(rs.getObject(1, UUID.class),
				rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), Plan.valueOf(rs.getString(5)),
				rs.getString(6), rs.getString(7), rs.getLong(8), rs.getInt(9) + 1,
				SubscriptionView.instant(rs.getTimestamp(10)), rs.getString(11), rs.getString(12)), invoiceId);
		if (found.isEmpty()) {
			if (onDemand) {
				throw new ResourceNotFoundException("Invoice", invoiceId);
			}
			return null;
		}
		Attempt attempt = found.get(0);
		Instant now = this.clock.instant();
		if (!"OPEN".equals(attempt.status())) {
			if (onDemand) {
				throw new ConflictException("Invoice " + attempt.number() + " is " + attempt.status());
			}
			return null;
		}
		if (!onDemand && (attempt.due() == null || attempt.due().isAfter(now))) {
			return null;
		}
		if (!this.provider.enabled()) {
			// after the checks above: another tenant's invoice is not found, whatever the configuration
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "No payment provider is configured");
		}
		this.jdbc.update("""
				update invoice set payment_attempts = ?, next_payment_attempt_at = ? where id = ?""",
				attempt.attemptNumber(), Timestamp.from(now.plus(this.properties.collectionLease())), invoiceId);
		return attempt;
	}

	private void settle(UUID tenantId, Attempt attempt) {
		ChargeResult result = (attempt.paymentMethodId() == null || attempt.customerId() == null)
				? new ChargeResult.Failed(FailureReason.NO_PAYMENT_METHOD, "No payment method is saved", null)
				: this.provider.charge(new Charge(tenantId, attempt.invoiceId(), attempt.attemptNumber(),
						attempt.customerId(), attempt.paymentMethodId(), attempt.amount(), attempt.currency(),
						attempt.number() + ": " + attempt.description()));
		TenantContext.runAs(tenantId, () -> this.transactions.executeWithoutResult((tx) -> record(attempt, result)));
	}

	private void record(Attempt attempt, ChargeResult result) {
		Instant now = this.clock.instant();
		UUID tenantId = attempt.tenantId();
		if (result instanceof ChargeResult.Succeeded succeeded) {
			this.jdbc.update("""
					update invoice set status = 'PAID', paid_at = ?, payment_id = ?, next_payment_attempt_at = null,
					    last_payment_error = null
					where id = ? and status = 'OPEN'""", Timestamp.from(now), succeeded.paymentId(), attempt.invoiceId());
			this.jdbc.update("""
					update subscription set status = 'ACTIVE', updated_at = ?
					where status = 'PAST_DUE' and not exists (
					    select 1 from invoice where status = 'OPEN' and last_payment_error is not null)""",
					Timestamp.from(now));
			this.events.append(Topics.BILLING, InvoicePaid.TYPE, attempt.invoiceId().toString(),
					new InvoicePaid(tenantId, attempt.invoiceId(), attempt.number(), attempt.currency(),
							attempt.amount(), succeeded.paymentId(), now),
					"system", ACTOR);
			this.metrics.paid(attempt.plan());
			logger.info("Invoice {} of tenant {} paid by {}", attempt.number(), tenantId, succeeded.paymentId());
			return;
		}
		ChargeResult.Failed failed = (ChargeResult.Failed) result;
		List<Duration> retries = this.properties.paymentRetries();
		Instant next = (attempt.attemptNumber() <= retries.size()) ? now.plus(retries.get(attempt.attemptNumber() - 1)) : null;
		this.jdbc.update("""
				update invoice set last_payment_error = ?, next_payment_attempt_at = ?,
				    payment_id = coalesce(?, payment_id)
				where id = ? and status = 'OPEN'""", failed.message(), (next != null) ? Timestamp.from(next) : null,
				failed.paymentId(), attempt.invoiceId());
		this.jdbc.update("update subscription set status = 'PAST_DUE', updated_at = ? where status = 'ACTIVE'",
				Timestamp.from(now));
		this.events.append(Topics.BILLING, InvoicePaymentFailed.TYPE, attempt.invoiceId().toString(),
				new InvoicePaymentFailed(tenantId, attempt.invoiceId(), attempt.number(), attempt.currency(),
						attempt.amount(), attempt.attemptNumber(), failed.reason().name(), failed.message(), next),
				"system", ACTOR);
		this.metrics.failed(failed.reason());
		logger.info("Payment of invoice {} of tenant {} failed ({}, attempt {}): {}", attempt.number(), tenantId,
				failed.reason(), attempt.attemptNumber(), failed.message());
	}

	/**
	 * @param attemptNumber this attempt's number (1 for the first)
	 * @param due when the next automatic attempt was due
	 */
	private record Attempt(UUID tenantId, UUID invoiceId, String number, String status, Plan plan, String description,
			String currency, long amount, int attemptNumber, Instant due, String customerId, String paymentMethodId) {
	}

}
