package io.tenantry.billing.entitlement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tenantry.billing.events.UsageThresholdReached;
import io.tenantry.billing.plan.PlanVersion;
import io.tenantry.billing.subscription.SubscriptionPlans;
import io.tenantry.billing.usage.Metric;
import io.tenantry.billing.usage.UsageLedger;
import io.tenantry.billing.usage.UsageRecorded;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a tenant may have and do, against what it uses: the limits and features of the plan
 * version its subscription keeps, and each metric's use (a level's current value, a counter's
 * total in the current period). Also announces, in the transaction that recorded the usage,
 * each threshold (80 %, 100 %) of a limit the first time it is reached in a period.
 */
@Service
public class Entitlements {

	static final int[] THRESHOLDS = { 80, 100 };

	private static final String ACTOR = "billing-service";

	private final SubscriptionPlans subscriptions;

	private final UsageLedger ledger;

	private final EventOutbox events;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	Entitlements(SubscriptionPlans subscriptions, UsageLedger ledger, EventOutbox events, JdbcTemplate jdbc,
			Clock clock) {
		this.subscriptions = subscriptions;
		this.ledger = ledger;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The tenant's entitlements and use of each metric; empty without a subscription. */
	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	public Optional<View> view(UUID tenantId) {
		return this.subscriptions.current(tenantId).map((current) -> {
			Map<Metric, Long> levels = this.ledger.levels(tenantId);
			List<Usage> usage = new ArrayList<>();
			for (Metric metric : Metric.values()) {
				usage.add(Usage.of(metric, current.version().limit(metric.key()), used(tenantId, metric, current, levels)));
			}
			return new View(current.version().plan().name(), current.version().version(), current.periodStart(),
					current.periodEnd(), current.version().features(), usage);
		});
	}

	/** Whether the tenant may add {@code quantity} of {@code metric} now. */
	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	public Optional<Check> check(UUID tenantId, Metric metric, long quantity) {
		return this.subscriptions.current(tenantId).map((current) -> {
			Long limit = current.version().limit(metric.key());
			long used = used(tenantId, metric, current, this.ledger.levels(tenantId));
			if (limit == null) {
				return new Check(true, null, used, null);
			}
			long remaining = Math.max(0, limit - used);
			return new Check(quantity <= remaining, limit, used, remaining);
		});
	}

	/** Whether the tenant's plan includes {@code feature}. */
	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	public Optional<Boolean> includes(UUID tenantId, String feature) {
		return this.subscriptions.current(tenantId).map((current) -> current.version().includes(feature));
	}

	/** Thresholds reached by the usage just recorded, announced once per period. */
	@EventListener
	void onUsageRecorded(UsageRecorded recorded) {
		Set<Metric> touched = EnumSet.noneOf(Metric.class);
		touched.addAll(recorded.levels().keySet());
		touched.addAll(recorded.counted().keySet());
		if (touched.isEmpty()) {
			return;
		}
		UUID tenantId = recorded.tenantId();
		Optional<SubscriptionPlans.Current> subscription = this.subscriptions.current(tenantId);
		if (subscription.isEmpty()) {
			return;
		}
		SubscriptionPlans.Current current = subscription.get();
		PlanVersion version = current.version();
		Map<Metric, Long> levels = recorded.levels();
		for (Metric metric : touched) {
			Long limit = version.limit(metric.key());
			if (limit == null || limit <= 0) {
				continue;
			}
			long used = (metric.kind() == Metric.Kind.LEVEL) ? levels.get(metric)
					: this.ledger.total(tenantId, metric, current.periodStart(), current.periodEnd());
			for (int percent : THRESHOLDS) {
				if (used * 100 >= limit * percent) {
					reached(tenantId, metric, percent, used, limit, version, current.periodStart());
				}
			}
		}
	}

	private void reached(UUID tenantId, Metric metric, int percent, long used, long limit, PlanVersion version,
			Instant periodStart) {
		Instant now = this.clock.instant();
		int inserted = this.jdbc.update("""
				insert into usage_threshold (tenant_id, metric, period_start, percent, reached_at)
				values (?, ?, ?, ?, ?) on conflict do nothing""", tenantId, metric.key(), Timestamp.from(periodStart),
				percent, Timestamp.from(now));
		if (inserted == 1) {
			this.events.append(Topics.BILLING, UsageThresholdReached.TYPE, metric.key(), new UsageThresholdReached(
					tenantId, metric.key(), percent, used, limit, version.plan().name(), periodStart, now), "system",
					ACTOR);
		}
	}

	private long used(UUID tenantId, Metric metric, SubscriptionPlans.Current current, Map<Metric, Long> levels) {
		return (metric.kind() == Metric.Kind.LEVEL) ? levels.getOrDefault(metric, 0L)
				: this.ledger.total(tenantId, metric, current.periodStart(), current.periodEnd());
	}

	/** A metric's limit (null: unlimited) and use, with what is left and the share used. */
	public record Usage(String metric, String kind, Long limit, long used, Long remaining, Double percent) {

		static Usage of(Metric metric, Long limit, long used) {
			if (limit == null) {
				return new Usage(metric.key(), metric.kind().name(), null, used, null, null);
			}
			double percent = (limit == 0) ? ((used > 0) ? 100.0 : 0.0) : Math.round(used * 1000.0 / limit) / 10.0;
			return new Usage(metric.key(), metric.kind().name(), limit, used, Math.max(0, limit - used), percent);
		}

	}

	/** The tenant's plan, its current period, its features and its use of each metric. */
	public record View(String plan, int planVersion, Instant periodStart, Instant periodEnd, List<String> features,
			List<Usage> usage) {
	}

	/** The answer to "may the tenant add this much?": the limit (null: unlimited) and use. */
	public record Check(boolean allowed, Long limit, long used, Long remaining) {
	}

}
