package io.tenantry.billing.subscription;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.tenantry.billing.events.EntitlementsChanged;
import io.tenantry.billing.events.InvoiceIssued;
import io.tenantry.billing.events.InvoicePaid;
import io.tenantry.billing.events.SubscriptionCanceled;
import io.tenantry.billing.events.SubscriptionPlanChanged;
import io.tenantry.billing.events.SubscriptionStarted;
import io.tenantry.billing.plan.Plan;
import io.tenantry.billing.plan.PlanCatalogue;
import io.tenantry.billing.plan.PlanVersion;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.web.ResourceNotFoundException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's subscription and the invoices its periods produce. Every method runs in the
 * caller's transaction, as the tenant (row-level security in force). Periods are invoiced
 * in advance, when they start, at the price of the plan version the subscription keeps; a plan
 * change takes the new plan's current version, its entitlements at once and its price from the
 * next period (no proration). Every change of plan publishes the tenant's entitlements.
 */
@Service
class Subscriptions {

	enum Status {
		ACTIVE, PAST_DUE, CANCELED
	}

	/** Renewals one run makes for one tenant at most: a long outage catches up over runs. */
	static final int MAX_RENEWALS = 12;

	private static final String ACTOR = "billing-service";

	private final JdbcTemplate jdbc;

	private final EventOutbox events;

	private final BillingProperties properties;

	private final BillingMetrics metrics;

	private final PlanCatalogue catalogue;

	private final Clock clock;

	Subscriptions(JdbcTemplate jdbc, EventOutbox events, BillingProperties properties, BillingMetrics metrics,
			PlanCatalogue catalogue, Clock clock) {
		this.jdbc = jdbc;
		this.catalogue = catalogue;
		this.events = events;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** Starts the tenant's subscription at {@code start} and invoices its first period; once. */
	@Transactional(propagation = Propagation.MANDATORY)
	void start(UUID tenantId, Plan plan, Instant start) {
		Instant end = this.properties.periodEnd(start);
		Instant now = this.clock.instant();
		PlanVersion version = this.catalogue.current(plan);
		int inserted = this.jdbc.update("""
				insert into subscription (tenant_id, plan, plan_version, status, currency, current_period_start,
				    current_period_end, started_at, updated_at)
				values (?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?) on conflict do nothing""", tenantId, plan.name(),
				version.version(), version.currency(), ts(start), ts(end), ts(now), ts(now));
		if (inserted == 0) {
			return;
		}
		started(tenantId, version, start, end);
		entitlements(tenantId, version);
		issue(tenantId, version, start, end);
	}

	/** The plan the next periods are invoiced for. */
	@Transactional(propagation = Propagation.MANDATORY)
	void changePlan(UUID tenantId, Plan plan, Instant at) {
		List<Current> current = lock(tenantId);
		if (current.isEmpty()) {
			start(tenantId, plan, at);
			return;
		}
		Current subscription = current.get(0);
		if (subscription.plan() == plan) {
			return;
		}
		PlanVersion version = this.catalogue.current(plan);
		this.jdbc.update("update subscription set plan = ?, plan_version = ?, updated_at = ? where tenant_id = ?",
				plan.name(), version.version(), ts(this.clock.instant()), tenantId);
		this.events.append(Topics.BILLING, SubscriptionPlanChanged.TYPE, tenantId.toString(),
				new SubscriptionPlanChanged(tenantId, subscription.plan().name(), plan.name(), subscription.periodEnd()),
				"system", ACTOR);
		entitlements(tenantId, version);
	}

	/** No period after the current one is invoiced. */
	@Transactional(propagation = Propagation.MANDATORY)
	void cancel(UUID tenantId) {
		List<Current> current = lock(tenantId);
		if (current.isEmpty() || current.get(0).status() == Status.CANCELED) {
			return;
		}
		Instant now = this.clock.instant();
		this.jdbc.update("""
				update subscription set status = 'CANCELED', canceled_at = ?, updated_at = ? where tenant_id = ?""",
				ts(now), ts(now), tenantId);
		this.events.append(Topics.BILLING, SubscriptionCanceled.TYPE, tenantId.toString(),
				new SubscriptionCanceled(tenantId, current.get(0).plan().name(), now), "system", ACTOR);
	}

	/** A canceled subscription starts again with a new period from {@code start}. */
	@Transactional(propagation = Propagation.MANDATORY)
	void resume(UUID tenantId, Instant start) {
		List<Current> current = lock(tenantId);
		if (current.isEmpty() || current.get(0).status() != Status.CANCELED) {
			return;
		}
		PlanVersion version = current.get(0).version();
		Instant end = this.properties.periodEnd(start);
		this.jdbc.update("""
				update subscription set status = 'ACTIVE', canceled_at = null, current_period_start = ?,
				    current_period_end = ?, updated_at = ? where tenant_id = ?""", ts(start), ts(end),
				ts(this.clock.instant()), tenantId);
		started(tenantId, version, start, end);
		issue(tenantId, version, start, end);
	}

	/**
	 * Moves a live subscription into every period that has started by now, invoicing each.
	 * @return the invoices issued
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	int renew(UUID tenantId) {
		List<Current> current = lock(tenantId);
		if (current.isEmpty() || current.get(0).status() == Status.CANCELED) {
			return 0;
		}
		Instant now = this.clock.instant();
		PlanVersion version = current.get(0).version();
		Instant end = current.get(0).periodEnd();
		int issued = 0;
		while (!end.isAfter(now) && issued < MAX_RENEWALS) {
			Instant start = end;
			end = this.properties.periodEnd(start);
			this.jdbc.update("""
					update subscription set current_period_start = ?, current_period_end = ?, updated_at = ?
					where tenant_id = ?""", ts(start), ts(end), ts(now), tenantId);
			issue(tenantId, version, start, end);
			issued++;
		}
		return issued;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	SubscriptionView get(UUID tenantId) {
		return this.jdbc
			.query("select " + SubscriptionView.COLUMNS + " from subscription where tenant_id = ?",
					(rs, row) -> SubscriptionView.of(rs, this.properties, this.catalogue), tenantId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Subscription of tenant", tenantId));
	}

	private void started(UUID tenantId, PlanVersion version, Instant start, Instant end) {
		this.events.append(Topics.BILLING, SubscriptionStarted.TYPE, tenantId.toString(),
				new SubscriptionStarted(tenantId, version.plan().name(), version.currency(),
						version.priceFor(this.properties.period()), this.properties.period().toString(), start, end),
				"system", ACTOR);
	}

	/** What the tenant may have and do from now on, for the services that enforce it. */
	private void entitlements(UUID tenantId, PlanVersion version) {
		this.events.append(Topics.BILLING, EntitlementsChanged.TYPE, tenantId.toString(),
				new EntitlementsChanged(tenantId, version.plan().name(), version.version(), version.limits(),
						version.features(), this.clock.instant()),
				"system", ACTOR);
	}

	/**
	 * Issues the invoice of one period, numbered in the tenant's sequence (the subscription row
	 * is locked, so numbers never collide); nothing due is paid at once. A period already
	 * invoiced is left as it is.
	 */
	private void issue(UUID tenantId, PlanVersion version, Instant start, Instant end) {
		Instant now = this.clock.instant();
		Plan plan = version.plan();
		long amount = version.priceFor(this.properties.period());
		String currency = version.currency();
		UUID id = UUID.randomUUID();
		Long count = this.jdbc.queryForObject("select count(*) from invoice where tenant_id = ?", Long.class, tenantId);
		String number = "INV-%06d".formatted(((count != null) ? count : 0) + 1);
		String description = "%s plan, %s to %s".formatted(plan.name(), LocalDate.ofInstant(start, ZoneOffset.UTC),
				LocalDate.ofInstant(end, ZoneOffset.UTC));
		boolean free = amount == 0;
		int inserted = this.jdbc.update("""
				insert into invoice (tenant_id, id, number, status, plan, description, currency, amount_due,
				    period_start, period_end, issued_at, paid_at, next_payment_attempt_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (tenant_id, period_start) do nothing""", tenantId, id, number, free ? "PAID" : "OPEN",
				plan.name(), description, currency, amount, ts(start), ts(end), ts(now), free ? ts(now) : null,
				free ? null : ts(now));
		if (inserted == 0) {
			return;
		}
		this.events.append(Topics.BILLING, InvoiceIssued.TYPE, id.toString(), new InvoiceIssued(tenantId, id, number,
				plan.name(), currency, amount, start, end, free ? "PAID" : "OPEN"), "system", ACTOR);
		this.metrics.issued(plan);
		if (free) {
			this.events.append(Topics.BILLING, InvoicePaid.TYPE, id.toString(),
					new InvoicePaid(tenantId, id, number, currency, 0, null, now), "system", ACTOR);
			this.metrics.paid(plan);
		}
	}

	private List<Current> lock(UUID tenantId) {
		return this.jdbc.query(
				"select plan, plan_version, status, current_period_end from subscription where tenant_id = ? for update",
				(rs, row) -> new Current(this.catalogue.version(Plan.valueOf(rs.getString(1)), rs.getInt(2)),
						Status.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant()),
				tenantId);
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private record Current(PlanVersion version, Status status, Instant periodEnd) {

		Plan plan() {
			return this.version.plan();
		}

	}

}
