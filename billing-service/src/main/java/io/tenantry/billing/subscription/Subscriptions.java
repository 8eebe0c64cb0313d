package io.tenantry.billing.subscription;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.billing.events.EntitlementsChanged;
import io.tenantry.billing.invoice.InvoiceKind;
import io.tenantry.billing.invoice.InvoiceLine;
import io.tenantry.billing.invoice.Invoices;
import io.tenantry.billing.events.SubscriptionCanceled;
import io.tenantry.billing.events.SubscriptionChanged;
import io.tenantry.billing.events.SubscriptionRecovered;
import io.tenantry.billing.events.SubscriptionUnpaid;
import io.tenantry.billing.events.SubscriptionStarted;
import io.tenantry.billing.BillingProperties;
import io.tenantry.billing.payment.PaymentOutcome;
import io.tenantry.billing.plan.Plan;
import io.tenantry.billing.plan.PlanCatalogue;
import io.tenantry.billing.plan.PlanVersion;
import io.tenantry.billing.plan.UsagePrice;
import io.tenantry.billing.usage.Metric;
import io.tenantry.billing.usage.UsageLedger;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.ResourceNotFoundException;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's subscription and the invoices its periods and changes produce. Every method
 * runs in the caller's transaction, as the tenant (row-level security in force), with the
 * subscription's row locked, so changes of one tenant's subscription never interleave.
 * <ul>
 * <li>Periods are invoiced in advance, when they start, at the price of the plan version the
 * subscription keeps, for its interval (a month or a year).</li>
 * <li>An upgrade (a higher plan, or the same plan yearly instead of monthly) takes effect now:
 * the unused part of the current period is credited and the new plan charged for it, both
 * prorated to the second; a change of interval starts a new period now.</li>
 * <li>A downgrade takes effect at the period's end, and is refused while the tenant uses more
 * than the new plan allows.</li>
 * <li>A cancellation ends the subscription at the period's end, or now with the unused part
 * credited.</li>
 * </ul>
 * States change only as {@link SubscriptionStatus#canBecome} allows.
 */
@Service
public class Subscriptions {

	/** Renewals one run makes for one tenant at most: a long outage catches up over runs. */
	static final int MAX_RENEWALS = 12;

	private static final String ACTOR = "billing-service";

	private final JdbcTemplate jdbc;

	private final EventOutbox events;

	private final BillingProperties properties;

	private final PlanCatalogue catalogue;

	private final UsageLedger usage;

	private final Invoices invoices;

	private final Clock clock;

	Subscriptions(JdbcTemplate jdbc, EventOutbox events, BillingProperties properties, PlanCatalogue catalogue,
			UsageLedger usage, Invoices invoices, Clock clock) {
		this.invoices = invoices;
		this.jdbc = jdbc;
		this.events = events;
		this.properties = properties;
		this.catalogue = catalogue;
		this.usage = usage;
		this.clock = clock;
	}

	/** Starts the tenant's subscription at {@code start}, monthly, and invoices its first period; once. */
	@Transactional(propagation = Propagation.MANDATORY)
	void start(UUID tenantId, Plan plan, Instant start) {
		Instant now = this.clock.instant();
		PlanVersion version = this.catalogue.current(plan);
		Interval interval = Interval.MONTHLY;
		Instant end = interval.periodEnd(start);
		int inserted = this.jdbc.update("""
				insert into subscription (tenant_id, id, plan, plan_version, billing_interval, status, currency,
				    current_period_start, current_period_end, started_at, updated_at)
				values (?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?) on conflict do nothing""", tenantId, UUID.randomUUID(),
				plan.name(), version.version(), interval.name(), version.currency(), ts(start), ts(end), ts(now),
				ts(now));
		if (inserted == 0) {
			return;
		}
		started(tenantId, version, interval, start, end);
		entitlements(tenantId, version);
		issuePeriod(tenantId, version, interval, start, end);
	}

	/** The tenant's name, printed as the buyer on the invoices issued from now on. */
	@Transactional(propagation = Propagation.MANDATORY)
	void customerName(UUID tenantId, String name) {
		if (name != null) {
			this.jdbc.update("update subscription set customer_name = ? where tenant_id = ?", name, tenantId);
		}
	}

	/** The tenant's deletion is scheduled: nothing after the current period is invoiced. */
	@Transactional(propagation = Propagation.MANDATORY)
	void cancel(UUID tenantId) {
		Row current = lockOrNull(tenantId);
		if (current == null || !current.status().canBecome(SubscriptionStatus.CANCELED)) {
			return;
		}
		Instant now = this.clock.instant();
		move(tenantId, current.status(), SubscriptionStatus.CANCELED);
		this.jdbc.update("update subscription set canceled_at = ? where tenant_id = ?", ts(now), tenantId);
		this.events.append(Topics.BILLING, SubscriptionCanceled.TYPE, tenantId.toString(),
				new SubscriptionCanceled(tenantId, current.plan().name(), now), "system", ACTOR);
	}

	/** A canceled subscription starts again with a new period from {@code start}. */
	@Transactional(propagation = Propagation.MANDATORY)
	void resume(UUID tenantId, Instant start) {
		Row current = lockOrNull(tenantId);
		if (current == null || current.status() != SubscriptionStatus.CANCELED) {
			return;
		}
		Instant end = current.interval().periodEnd(start);
		move(tenantId, current.status(), SubscriptionStatus.ACTIVE);
		this.jdbc.update("""
				update subscription set canceled_at = null, cancel_at_period_end = false, current_period_start = ?,
				    current_period_end = ?, updated_at = ? where tenant_id = ?""", ts(start), ts(end),
				ts(this.clock.instant()), tenantId);
		started(tenantId, current.version(), current.interval(), start, end);
		issuePeriod(tenantId, current.version(), current.interval(), start, end);
	}

	/**
	 * Moves a live subscription into every period that has started by now: a trial that ended
	 * becomes ACTIVE, a cancellation or a downgrade scheduled for the period's end takes effect,
	 * and each new period is invoiced.
	 * @return the invoices issued
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	int renew(UUID tenantId) {
		Row current = lockOrNull(tenantId);
		if (current == null || !current.status().live()) {
			return 0;
		}
		Instant now = this.clock.instant();
		PlanVersion version = current.version();
		Interval interval = current.interval();
		SubscriptionStatus status = current.status();
		Instant end = current.periodEnd();
		int issued = 0;
		Instant endedStart = current.periodStart();
		while (!end.isAfter(now) && issued < MAX_RENEWALS) {
			Instant start = end;
			// the ended period's use past its plan, unless it was a trial
			List<InvoiceLine> usageLines = (status != SubscriptionStatus.TRIALING)
					? usageLines(tenantId, version, interval, endedStart, start) : List.of();
			endedStart = start;
			if (current.cancelAtPeriodEnd()) {
				move(tenantId, status, SubscriptionStatus.CANCELED);
				this.jdbc.update("update subscription set canceled_at = ?, cancel_at_period_end = false "
						+ "where tenant_id = ?", ts(start), tenantId);
				this.events.append(Topics.BILLING, SubscriptionCanceled.TYPE, tenantId.toString(),
						new SubscriptionCanceled(tenantId, version.plan().name(), start), "system", ACTOR);
				if (!usageLines.isEmpty()) {
					issue(tenantId, InvoiceKind.USAGE, version, interval, usageLines.get(0).periodStart(), start,
							usageLines);
				}
				return issued;
			}
			if (status == SubscriptionStatus.TRIALING) {
				move(tenantId, status, SubscriptionStatus.ACTIVE);
				status = SubscriptionStatus.ACTIVE;
				this.jdbc.update("update subscription set trial_end = null where tenant_id = ?", tenantId);
			}
			if (current.scheduledPlan() != null) {
				PlanVersion previous = version;
				Interval previousInterval = interval;
				version = (current.scheduledPlan() == version.plan()) ? version
						: this.catalogue.current(current.scheduledPlan());
				interval = current.scheduledInterval();
				this.jdbc.update("""
						update subscription set plan = ?, plan_version = ?, billing_interval = ?, scheduled_plan = null,
						    scheduled_interval = null where tenant_id = ?""", version.plan().name(), version.version(),
						interval.name(), tenantId);
				changed(tenantId, current.id(), "DOWNGRADED", previous, previousInterval, version, interval, start);
				if (previous.plan() != version.plan()) {
					entitlements(tenantId, version);
				}
				current = current.withoutSchedule();
			}
			end = interval.periodEnd(start);
			this.jdbc.update("""
					update subscription set current_period_start = ?, current_period_end = ?, updated_at = ?
					where tenant_id = ?""", ts(start), ts(end), ts(now), tenantId);
			issuePeriod(tenantId, version, interval, start, end, usageLines);
			issued++;
		}
		return issued;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public SubscriptionView get(UUID tenantId) {
		return this.jdbc
			.query("select " + SubscriptionView.COLUMNS + " from subscription where tenant_id = ?",
					(rs, row) -> SubscriptionView.of(rs, this.catalogue), tenantId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Subscription of tenant", tenantId));
	}

	/** The tenant's subscription with this id; another tenant's is not found. */
	@Transactional(propagation = Propagation.MANDATORY)
	SubscriptionView get(UUID tenantId, UUID id) {
		SubscriptionView view = get(tenantId);
		if (!view.id().equals(id)) {
			throw new ResourceNotFoundException("Subscription", id);
		}
		return view;
	}

	/**
	 * Subscribes a tenant that has no live subscription (never had one, or canceled it): from
	 * now, on {@code plan} and {@code interval}, after a trial when asked for one (once per
	 * tenant). 409 while a subscription is live.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	SubscriptionView subscribe(UUID tenantId, Plan plan, Interval interval, boolean trial) {
		Row current = lockOrNull(tenantId);
		if (current != null && current.status().live()) {
			throw new ConflictException("The tenant already has a live subscription (" + current.id()
					+ "); change it with PUT /api/billing/subscriptions/" + current.id());
		}
		if (trial && current != null && current.trialUsed()) {
			throw new ConflictException("The tenant has had its trial");
		}
		Instant now = this.clock.instant();
		PlanVersion version = this.catalogue.current(plan);
		Instant end = trial ? now.plus(this.properties.trialPeriod()) : interval.periodEnd(now);
		SubscriptionStatus status = trial ? SubscriptionStatus.TRIALING : SubscriptionStatus.ACTIVE;
		UUID id = UUID.randomUUID();
		if (current == null) {
			this.jdbc.update("""
					insert into subscription (tenant_id, id, plan, plan_version, billing_interval, status, currency,
					    current_period_start, current_period_end, trial_end, trial_used, started_at, updated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", tenantId, id, plan.name(), version.version(),
					interval.name(), status.name(), version.currency(), ts(now), ts(end), trial ? ts(end) : null, trial,
					ts(now), ts(now));
		}
		else {
			move(tenantId, current.status(), status);
			this.jdbc.update("""
					update subscription set id = ?, plan = ?, plan_version = ?, billing_interval = ?, currency = ?,
					    current_period_start = ?, current_period_end = ?, trial_end = ?, trial_used = trial_used or ?,
					    cancel_at_period_end = false, scheduled_plan = null, scheduled_interval = null,
					    canceled_at = null, started_at = ?, updated_at = ?
					where tenant_id = ?""", id, plan.name(), version.version(), interval.name(), version.currency(),
					ts(now), ts(end), trial ? ts(end) : null, trial, ts(now), ts(now), tenantId);
		}
		started(tenantId, version, interval, now, end);
		entitlements(tenantId, version);
		if (!trial) {
			issuePeriod(tenantId, version, interval, now, end);
		}
		return get(tenantId);
	}

	/** What {@link #change} would do, computed and not done. */
	@Transactional(propagation = Propagation.MANDATORY)
	Preview preview(UUID tenantId, UUID id, Plan plan, Interval interval) {
		Row current = lockOwn(tenantId, id);
		return plan(tenantId, current, this.catalogue.current(plan), interval, this.clock.instant());
	}

	/**
	 * Changes the subscription's plan or interval: an upgrade now (prorated), a downgrade at the
	 * period's end (409 naming each limit the tenant's use exceeds). The same plan and interval
	 * take back a scheduled downgrade or cancellation.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	SubscriptionView change(UUID tenantId, UUID id, Plan plan, Interval interval) {
		Row current = lockOwn(tenantId, id);
		if (!current.status().live()) {
			throw new ConflictException("The subscription is CANCELED; subscribe again with POST");
		}
		Instant now = this.clock.instant();
		PlanVersion target = this.catalogue.current(plan);
		Preview preview = plan(tenantId, current, target, interval, now);
		switch (preview.change()) {
			case "NONE" -> {
				if (current.scheduledPlan() != null || current.cancelAtPeriodEnd()) {
					this.jdbc.update("""
							update subscription set scheduled_plan = null, scheduled_interval = null,
							    cancel_at_period_end = false, updated_at = ? where tenant_id = ?""", ts(now), tenantId);
					changed(tenantId, id, "CANCEL_REVOKED", current.version(), current.interval(), current.version(),
							current.interval(), now);
				}
			}
			case "DOWNGRADE" -> {
				if (!preview.violations().isEmpty()) {
					Map<String, Object> properties = new LinkedHashMap<>();
					properties.put("violations", preview.violations());
					throw new ConflictException("The tenant uses more than the " + plan + " plan allows: "
							+ String.join(", ", preview.violations().stream().map(Violation::describe).toList()),
							properties);
				}
				this.jdbc.update("""
						update subscription set scheduled_plan = ?, scheduled_interval = ?, cancel_at_period_end = false,
						    updated_at = ? where tenant_id = ?""", plan.name(), interval.name(), ts(now), tenantId);
				changed(tenantId, id, "DOWNGRADE_SCHEDULED", current.version(), current.interval(), target, interval,
						current.periodEnd());
			}
			default -> upgrade(tenantId, current, target, interval, preview, now);
		}
		return get(tenantId);
	}

	private void upgrade(UUID tenantId, Row current, PlanVersion target, Interval interval, Preview preview,
			Instant now) {
		boolean newCycle = interval != current.interval() && current.status() != SubscriptionStatus.TRIALING;
		Instant periodStart = newCycle ? now : current.periodStart();
		Instant periodEnd = newCycle ? interval.periodEnd(now) : current.periodEnd();
		this.jdbc.update("""
				update subscription set plan = ?, plan_version = ?, billing_interval = ?, scheduled_plan = null,
				    scheduled_interval = null, cancel_at_period_end = false, current_period_start = ?,
				    current_period_end = ?, updated_at = ? where tenant_id = ?""", target.plan().name(),
				target.version(), interval.name(), ts(periodStart), ts(periodEnd), ts(now), tenantId);
		if (!preview.lines().isEmpty()) {
			issue(tenantId, InvoiceKind.PRORATION, target, interval, now, periodEnd, preview.lines());
		}
		changed(tenantId, current.id(), "UPGRADED", current.version(), current.interval(), target, interval, now);
		if (current.plan() != target.plan()) {
			entitlements(tenantId, target);
		}
	}

	/**
	 * Ends the subscription at the period's end, or now: then the unused part of a paid period
	 * is credited (a credit note), and an open period invoice is replaced by one for the part
	 * used.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	SubscriptionView cancel(UUID tenantId, UUID id, boolean immediately) {
		Row current = lockOwn(tenantId, id);
		if (!current.status().live()) {
			throw new ConflictException("The subscription is already CANCELED");
		}
		Instant now = this.clock.instant();
		if (!immediately) {
			this.jdbc.update("""
					update subscription set cancel_at_period_end = true, scheduled_plan = null, scheduled_interval = null,
					    updated_at = ? where tenant_id = ?""", ts(now), tenantId);
			changed(tenantId, id, "CANCEL_SCHEDULED", current.version(), current.interval(), current.version(),
					current.interval(), current.periodEnd());
			return get(tenantId);
		}
		move(tenantId, current.status(), SubscriptionStatus.CANCELED);
		this.jdbc.update("""
				update subscription set canceled_at = ?, cancel_at_period_end = false, scheduled_plan = null,
				    scheduled_interval = null, trial_end = null where tenant_id = ?""", ts(now), tenantId);
		if (current.status() != SubscriptionStatus.TRIALING) {
			creditUnused(tenantId, current, now);
		}
		changed(tenantId, id, "CANCELED", current.version(), current.interval(), current.version(), current.interval(),
				now);
		this.events.append(Topics.BILLING, SubscriptionCanceled.TYPE, tenantId.toString(),
				new SubscriptionCanceled(tenantId, current.plan().name(), now), "system", ACTOR);
		return get(tenantId);
	}

	private void creditUnused(UUID tenantId, Row current, Instant now) {
		List<Map<String, Object>> invoices = this.jdbc.queryForList("""
				select id, status, total from invoice
				where tenant_id = ? and kind = 'PERIOD' and period_start = ? and status <> 'VOID'""", tenantId,
				ts(current.periodStart()));
		long price = current.interval().price(current.version());
		long unused = Proration.unused(price, current.periodStart(), current.periodEnd(), now);
		String label = label(current.version(), current.interval());
		if (invoices.isEmpty() || unused == 0) {
			return;
		}
		Map<String, Object> invoice = invoices.get(0);
		if ("OPEN".equals(invoice.get("status"))) {
			this.jdbc.update("update invoice set status = 'VOID', next_payment_attempt_at = null where id = ?",
					invoice.get("id"));
			long used = price - unused;
			if (used > 0) {
				issue(tenantId, InvoiceKind.PRORATION, current.version(), current.interval(), current.periodStart(), now,
						List.of(new InvoiceLine(label + ", used until cancellation", 1, used, used, current.periodStart(), now)));
			}
		}
		else {
			issue(tenantId, InvoiceKind.CREDIT_NOTE, current.version(), current.interval(), now, current.periodEnd(),
					List.of(new InvoiceLine("Unused time of " + label + " after cancellation", 1, -unused, -unused, now,
							current.periodEnd())));
		}
	}

	/**
	 * Classifies a change and computes its invoice lines: an upgrade is a higher plan, or the
	 * same plan yearly instead of monthly; a downgrade the opposite; the rest changes nothing.
	 */
	private Preview plan(UUID tenantId, Row current, PlanVersion target, Interval interval, Instant now) {
		int rank = Integer.compare(target.plan().ordinal(), current.plan().ordinal());
		if (rank == 0) {
			rank = Integer.compare(interval.ordinal(), current.interval().ordinal());
		}
		String currency = target.currency();
		if (rank == 0) {
			return new Preview("NONE", now, List.of(), 0, 0, 0, currency, List.of());
		}
		if (rank < 0) {
			List<Violation> violations = new ArrayList<>();
			Map<Metric, Long> levels = this.usage.levels(tenantId);
			for (Metric metric : Metric.values()) {
				Long limit = target.limit(metric.key());
				Long used = levels.get(metric);
				if (limit != null && used != null && used > limit) {
					violations.add(new Violation(metric.key(), limit, used));
				}
			}
			return new Preview("DOWNGRADE", current.periodEnd(), List.of(), 0, 0, 0, currency, violations);
		}
		List<InvoiceLine> lines = new ArrayList<>();
		if (current.status() != SubscriptionStatus.TRIALING) {
			boolean newCycle = interval != current.interval();
			long oldPrice = current.interval().price(current.version());
			long credit = Proration.unused(oldPrice, current.periodStart(), current.periodEnd(), now);
			if (credit > 0) {
				lines.add(new InvoiceLine("Unused time of " + label(current.version(), current.interval()), 1, -credit,
						-credit, now, current.periodEnd()));
			}
			long newPrice = interval.price(target);
			Instant end = newCycle ? interval.periodEnd(now) : current.periodEnd();
			long charge = newCycle ? newPrice
					: Proration.unused(newPrice, current.periodStart(), current.periodEnd(), now);
			if (charge > 0) {
				lines.add(new InvoiceLine("Remaining time of " + label(target, interval), 1, charge, charge, now, end));
			}
		}
		long total = lines.stream().mapToLong(InvoiceLine::amount).sum();
		long available = Math.max(0, total) > 0 ? Math.min(current.creditBalance(), total) : 0;
		return new Preview("UPGRADE", now, lines, total, available, Math.max(0, total - available), currency,
				List.of());
	}

	private void issuePeriod(UUID tenantId, PlanVersion version, Interval interval, Instant start, Instant end) {
		issuePeriod(tenantId, version, interval, start, end, List.of());
	}

	/**
	 * Invoices the period from {@code start} to {@code end} in advance, with {@code usageLines}
	 * (the previous period's use past what its plan included) in arrears.
	 */
	private void issuePeriod(UUID tenantId, PlanVersion version, Interval interval, Instant start, Instant end,
			List<InvoiceLine> usageLines) {
		long price = interval.price(version);
		String description = "%s, %s to %s".formatted(label(version, interval), LocalDate.ofInstant(start, ZoneOffset.UTC),
				LocalDate.ofInstant(end, ZoneOffset.UTC));
		List<InvoiceLine> lines = new ArrayList<>();
		lines.add(new InvoiceLine(description, 1, price, price, start, end));
		lines.addAll(usageLines);
		issue(tenantId, InvoiceKind.PERIOD, version, interval, start, end, lines);
	}

	private void issue(UUID tenantId, InvoiceKind kind, PlanVersion version, Interval interval, Instant start,
			Instant end, List<InvoiceLine> lines) {
		this.invoices.issue(new Invoices.Issue(tenantId, kind, version.plan(), interval.name(), version.currency(), start,
				end, lines, null, null, null, null));
	}

	/**
	 * The lines for the use of {@code version}'s priced metrics from {@code start} to {@code end}
	 * past what it includes for that many months: every started block of the price's units.
	 */
	private List<InvoiceLine> usageLines(UUID tenantId, PlanVersion version, Interval interval, Instant start,
			Instant end) {
		List<InvoiceLine> lines = new ArrayList<>();
		long months = interval.period().toTotalMonths();
		for (Metric metric : Metric.values()) {
			UsagePrice price = version.usagePrice(metric.key());
			if (price == null || metric.kind() != Metric.Kind.COUNTER) {
				continue;
			}
			long used = this.usage.total(tenantId, metric, start, end);
			long over = price.overage(used, months);
			if (over == 0) {
				continue;
			}
			long blocks = price.blocks(over);
			lines.add(InvoiceLine.of("%s over the %,d included: %,d, in blocks of %,d".formatted(metric.key(),
					price.included() * Math.max(months, 1), over, price.per()), blocks, price.unitAmount(), start, end));
		}
		return lines;
	}

	private static String label(PlanVersion version, Interval interval) {
		return "%s plan (%s)".formatted(version.plan().name(), interval.name().toLowerCase(java.util.Locale.ROOT));
	}

	private void started(UUID tenantId, PlanVersion version, Interval interval, Instant start, Instant end) {
		this.events.append(Topics.BILLING, SubscriptionStarted.TYPE, tenantId.toString(),
				new SubscriptionStarted(tenantId, version.plan().name(), version.currency(), interval.price(version),
						interval.period().toString(), start, end),
				"system", ACTOR);
	}

	private void changed(UUID tenantId, UUID id, String change, PlanVersion previous, Interval previousInterval,
			PlanVersion version, Interval interval, Instant at) {
		this.events.append(Topics.BILLING, SubscriptionChanged.TYPE, tenantId.toString(),
				new SubscriptionChanged(tenantId, id, change, previous.plan().name(), previousInterval.name(),
						version.plan().name(), interval.name(), at));
	}

	/**
	 * A payment of the tenant failed for good (declined, authentication required, no payment
	 * method): the subscription is PAST_DUE while retries are left, UNPAID when none is, and then
	 * the tenant is to be suspended until it pays.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void paymentFailed(PaymentOutcome.Failed failed) {
		paymentFailed(failed.tenantId(), failed.invoiceId(), failed.number(), failed.currency(), failed.amount(),
				failed.retriesLeft());
	}

	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void paymentSucceeded(PaymentOutcome.Succeeded succeeded) {
		paymentSucceeded(succeeded.tenantId());
	}

	private void paymentFailed(UUID tenantId, UUID invoiceId, String number, String currency, long amount,
			boolean retriesLeft) {
		Row current = lockOrNull(tenantId);
		if (current == null || !current.status().live()) {
			return;
		}
		SubscriptionStatus status = current.status();
		if (status != SubscriptionStatus.PAST_DUE && status.canBecome(SubscriptionStatus.PAST_DUE)) {
			move(tenantId, status, SubscriptionStatus.PAST_DUE);
			status = SubscriptionStatus.PAST_DUE;
		}
		if (!retriesLeft && status.canBecome(SubscriptionStatus.UNPAID)) {
			move(tenantId, status, SubscriptionStatus.UNPAID);
			this.events.append(Topics.BILLING, SubscriptionUnpaid.TYPE, tenantId.toString(), new SubscriptionUnpaid(
					tenantId, current.id(), invoiceId, number, currency, amount, this.clock.instant()), "system", ACTOR);
		}
	}

	/**
	 * An invoice of the tenant was paid: a PAST_DUE or UNPAID subscription is ACTIVE again once no
	 * invoice whose payment failed is left open (an UNPAID tenant is then reactivated).
	 */
	private void paymentSucceeded(UUID tenantId) {
		Row current = lockOrNull(tenantId);
		if (current == null || !current.status().delinquent()) {
			return;
		}
		Long failing = this.jdbc.queryForObject(
				"select count(*) from invoice where status = 'OPEN' and last_payment_error is not null", Long.class);
		if (failing != null && failing > 0) {
			return;
		}
		move(tenantId, current.status(), SubscriptionStatus.ACTIVE);
		this.events.append(Topics.BILLING, SubscriptionRecovered.TYPE, tenantId.toString(),
				new SubscriptionRecovered(tenantId, current.id(), current.status().name(), this.clock.instant()),
				"system", ACTOR);
	}

	/** What the tenant may have and do from now on, for the services that enforce it. */
	private void entitlements(UUID tenantId, PlanVersion version) {
		this.events.append(Topics.BILLING, EntitlementsChanged.TYPE, tenantId.toString(),
				new EntitlementsChanged(tenantId, version.plan().name(), version.version(), version.limits(),
						version.features(), this.clock.instant()),
				"system", ACTOR);
	}

	/** Moves the subscription from {@code from} to {@code to}, as {@link SubscriptionStatus} allows. */
	private void move(UUID tenantId, SubscriptionStatus from, SubscriptionStatus to) {
		if (!from.canBecome(to)) {
			throw new ConflictException("A " + from + " subscription cannot become " + to);
		}
		this.jdbc.update("update subscription set status = ?, updated_at = ? where tenant_id = ? and status = ?",
				to.name(), ts(this.clock.instant()), tenantId, from.name());
	}

	private Row lockOwn(UUID tenantId, UUID id) {
		Row current = lockOrNull(tenantId);
		if (current == null || !current.id().equals(id)) {
			throw new ResourceNotFoundException("Subscription", id);
		}
		return current;
	}

	private Row lockOrNull(UUID tenantId) {
		return this.jdbc.query("""
				select id, plan, plan_version, billing_interval, status, current_period_start, current_period_end,
				    trial_used, cancel_at_period_end, scheduled_plan, scheduled_interval, credit_balance
				from subscription where tenant_id = ? for update""", (rs, row) -> new Row(rs.getObject(1, UUID.class),
				this.catalogue.version(Plan.valueOf(rs.getString(2)), rs.getInt(3)), Interval.valueOf(rs.getString(4)),
				SubscriptionStatus.valueOf(rs.getString(5)), rs.getTimestamp(6).toInstant(),
				rs.getTimestamp(7).toInstant(), rs.getBoolean(8), rs.getBoolean(9), Plan.named(rs.getString(10)),
				Interval.named(rs.getString(11)), rs.getLong(12)), tenantId)
			.stream()
			.findFirst()
			.orElse(null);
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/** The locked subscription row. */
	private record Row(UUID id, PlanVersion version, Interval interval, SubscriptionStatus status, Instant periodStart,
			Instant periodEnd, boolean trialUsed, boolean cancelAtPeriodEnd, Plan scheduledPlan,
			Interval scheduledInterval, long creditBalance) {

		Plan plan() {
			return this.version.plan();
		}

		Row withoutSchedule() {
			return new Row(this.id, this.version, this.interval, this.status, this.periodStart, this.periodEnd,
					this.trialUsed, this.cancelAtPeriodEnd, null, null, this.creditBalance);
		}

	}

	/** A limit the tenant's use exceeds on the plan it wants. */
	record Violation(String metric, long limit, long used) {

		String describe() {
			return "%s %d of %d".formatted(this.metric, this.used, this.limit);
		}

	}

	/**
	 * What a change would do: UPGRADE (now, with these lines), DOWNGRADE (at the period's end,
	 * unless the use exceeds a limit) or NONE; totals in the minor unit.
	 */
	record Preview(String change, Instant effectiveAt, List<InvoiceLine> lines, long total, long creditApplied,
			long amountDue, String currency, List<Violation> violations) {
	}

}
