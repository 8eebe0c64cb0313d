package io.tenantry.billing.payment;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.billing.BillingProperties;
import io.tenantry.billing.invoice.InvoiceMetrics;
import io.tenantry.billing.invoice.InvoiceView;
import io.tenantry.billing.invoice.Invoices;
import io.tenantry.billing.plan.Plan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.billing.events.InvoicePaid;
import io.tenantry.common.jpa.AfterCommit;
import io.tenantry.billing.events.InvoicePaymentFailed;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Takes payment of open invoices through the {@link PaymentProvider}, in three steps so that
 * no transaction waits on the provider: claim the attempt (the row locked, the attempt
 * counted and marked in flight), charge, record the outcome. An attempt still in flight
 * after {@code collection-lease} was interrupted and may be made again, with the same
 * idempotency key, so the provider answers with the first charge instead of making a second.
 * A definite failure (declined, authentication required, no payment method) makes the
 * subscription PAST_DUE and schedules the next attempt from {@code payment-retries} (UNPAID
 * once none is left); a
 * provider error is retried after {@code provider-error-retry} with the same key, and is not
 * held against the tenant. A payment makes the subscription ACTIVE again once no failed
 * invoice is left open.
 */
@Service
public class Payments {

	private static final Logger logger = LoggerFactory.getLogger(Payments.class);

	private static final String ACTOR = "billing-service";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventOutbox events;

	private final PaymentProvider provider;

	private final BillingProperties properties;

	private final InvoiceMetrics metrics;

	private final Map<FailureReason, Counter> failed = new EnumMap<>(FailureReason.class);

	private final ApplicationEventPublisher outcomes;

	private final Invoices invoices;

	private final Clock clock;

	Payments(JdbcTemplate jdbc, TransactionTemplate transactions, EventOutbox events, PaymentProvider provider,
			BillingProperties properties, InvoiceMetrics metrics, ApplicationEventPublisher outcomes, Invoices invoices,
			MeterRegistry meters, Clock clock) {
		this.outcomes = outcomes;
		for (FailureReason reason : FailureReason.values()) {
			this.failed.put(reason, Counter.builder("tenantry.billing.payments.failed")
				.description("Failed payment attempts, by reason")
				.tag("reason", reason.tag())
				.register(meters));
		}
		this.invoices = invoices;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.provider = provider;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** An automatic attempt, if the invoice is still due for one; returns whether one was made. */
	public boolean collectDue(UUID tenantId, UUID invoiceId) {
		Attempt attempt = TenantContext.callAs(tenantId,
				() -> this.transactions.execute((tx) -> claim(invoiceId, false)));
		if (attempt == null) {
			return false;
		}
		settle(tenantId, attempt);
		return true;
	}

	/** A billing admin's attempt, now, whatever the schedule; as the current tenant. */
	public InvoiceView payNow(UUID invoiceId) {
		UUID tenantId = TenantContext.requireTenantId();
		Attempt attempt = this.transactions.execute((tx) -> claim(invoiceId, true));
		settle(tenantId, attempt);
		return this.invoices.get(invoiceId);
	}

	private Attempt claim(UUID invoiceId, boolean onDemand) {
		List<Attempt> found = this.jdbc.query("""
				select i.tenant_id, i.id, i.number, i.status, i.plan, i.description, i.currency, i.amount_due,
				       i.payment_attempts, i.charge_sequence, i.next_payment_attempt_at, i.attempt_started_at,
				       s.customer_id, s.payment_method_id
				from invoice i left join subscription s on s.tenant_id = i.tenant_id
				where i.id = ? for update of i""", (rs, row) -> new Attempt(rs.getObject(1, UUID.class),
				rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), Plan.valueOf(rs.getString(5)),
				rs.getString(6), rs.getString(7), rs.getLong(8), rs.getInt(9) + 1, rs.getInt(10) + 1,
				instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)),
				rs.getString(13), rs.getString(14)), invoiceId);
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
		if (attempt.startedAt() != null && attempt.startedAt().isAfter(now.minus(this.properties.collectionLease()))) {
			if (onDemand) {
				throw new ConflictException("A payment of invoice " + attempt.number() + " is in progress");
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
		this.jdbc.update("update invoice set payment_attempts = ?, attempt_started_at = ? where id = ?",
				attempt.attemptNumber(), Timestamp.from(now), invoiceId);
		return attempt;
	}

	private void settle(UUID tenantId, Attempt attempt) {
		ChargeResult result = (attempt.paymentMethodId() == null || attempt.customerId() == null)
				? new ChargeResult.Failed(FailureReason.NO_PAYMENT_METHOD, "No payment method is saved", null)
				: this.provider.charge(new Charge(tenantId, attempt.invoiceId(), attempt.sequence(),
						attempt.customerId(), attempt.paymentMethodId(), attempt.amount(), attempt.currency(),
						attempt.number() + ": " + attempt.description()));
		TenantContext.runAs(tenantId, () -> this.transactions.executeWithoutResult((tx) -> record(attempt, result)));
	}

	private void record(Attempt attempt, ChargeResult result) {
		Instant now = this.clock.instant();
		UUID tenantId = attempt.tenantId();
		if (result instanceof ChargeResult.Succeeded succeeded) {
			paid(tenantId, attempt.invoiceId(), attempt.number(), attempt.currency(), attempt.amount(), attempt.plan(),
					succeeded.paymentId());
			return;
		}
		ChargeResult.Failed failed = (ChargeResult.Failed) result;
		boolean definite = failed.reason() != FailureReason.PROVIDER_ERROR;
		int sequence = definite ? attempt.sequence() : attempt.sequence() - 1;
		List<Duration> retries = this.properties.paymentRetries();
		Instant next;
		if (!definite) {
			next = now.plus(this.properties.providerErrorRetry());
		}
		else {
			next = (sequence <= retries.size()) ? now.plus(retries.get(sequence - 1)) : null;
		}
		int updated = this.jdbc.update("""
				update invoice set last_payment_error = ?, next_payment_attempt_at = ?, attempt_started_at = null,
				    charge_sequence = ?, payment_id = coalesce(?, payment_id)
				where id = ? and status = 'OPEN'""", failed.message(), (next != null) ? Timestamp.from(next) : null,
				sequence, failed.paymentId(), attempt.invoiceId());
		if (updated == 0) {
			return; // paid meanwhile (the provider's notification came first)
		}
		if (definite) {
			this.outcomes.publishEvent(new PaymentOutcome.Failed(tenantId, attempt.invoiceId(), attempt.number(),
					attempt.currency(), attempt.amount(), next != null));
		}
		this.events.append(Topics.BILLING, InvoicePaymentFailed.TYPE, attempt.invoiceId().toString(),
				new InvoicePaymentFailed(tenantId, attempt.invoiceId(), attempt.number(), attempt.currency(),
						attempt.amount(), attempt.attemptNumber(), failed.reason().name(), failed.message(), next),
				"system", ACTOR);
		AfterCommit.run(this.failed.get(failed.reason())::increment);
		logger.info("Payment of invoice {} of tenant {} failed ({}, attempt {}): {}", attempt.number(), tenantId,
				failed.reason(), attempt.attemptNumber(), failed.message());
	}

	/**
	 * A payment the provider confirmed on its own, in a notification (a charge the customer
	 * authenticated later, or the notification of a charge made here): the invoice is paid if
	 * it is still open. As the tenant the payment names.
	 * @return whether the invoice was open and is now paid
	 */
	boolean confirmed(UUID tenantId, UUID invoiceId, String paymentId) {
		return Boolean.TRUE.equals(TenantContext.callAs(tenantId, () -> this.transactions.execute((tx) -> {
			List<Open> open = this.jdbc.query("""
					select number, currency, amount_due, plan from invoice where id = ? and status = 'OPEN' for update""",
					(rs, row) -> new Open(rs.getString(1), rs.getString(2), rs.getLong(3), Plan.valueOf(rs.getString(4))),
					invoiceId);
			if (open.isEmpty()) {
				return false;
			}
			Open invoice = open.get(0);
			return paid(tenantId, invoiceId, invoice.number(), invoice.currency(), invoice.amount(), invoice.plan(),
					paymentId);
		})));
	}

	/** Marks an open invoice paid, once: a second confirmation of the same payment changes nothing. */
	private boolean paid(UUID tenantId, UUID invoiceId, String number, String currency, long amount, Plan plan,
			String paymentId) {
		Instant now = this.clock.instant();
		int updated = this.jdbc.update("""
				update invoice set status = 'PAID', paid_at = ?, payment_id = ?, next_payment_attempt_at = null,
				    last_payment_error = null, attempt_started_at = null, charge_sequence = charge_sequence + 1
				where id = ? and status = 'OPEN'""", Timestamp.from(now), paymentId, invoiceId);
		if (updated == 0) {
			return false;
		}
		this.outcomes.publishEvent(new PaymentOutcome.Succeeded(tenantId));
		this.events.append(Topics.BILLING, InvoicePaid.TYPE, invoiceId.toString(),
				new InvoicePaid(tenantId, invoiceId, number, currency, amount, paymentId, now), "system", ACTOR);
		this.metrics.paid(plan);
		logger.info("Invoice {} of tenant {} paid by {}", number, tenantId, paymentId);
		return true;
	}

	private record Open(String number, String currency, long amount, Plan plan) {
	}

	/**
	 * @param attemptNumber this attempt's number (1 for the first)
	 * @param sequence the charge this attempt makes (1 + the charges with a definite answer)
	 * @param due when the next automatic attempt was due
	 * @param startedAt when the last attempt was claimed, if its outcome was never recorded
	 */
	private record Attempt(UUID tenantId, UUID invoiceId, String number, String status, Plan plan, String description,
			String currency, long amount, int attemptNumber, int sequence, Instant due, Instant startedAt,
			String customerId, String paymentMethodId) {
	}

	private static Instant instant(java.sql.Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
