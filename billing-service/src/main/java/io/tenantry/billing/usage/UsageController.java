package io.tenantry.billing.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.billing.events.UsageReported;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.InvalidRequestException.FieldError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Usage: a tenant's API clients with scope {@code usage:write} report the metrics its products
 * measure (projects, bytes stored); its owners, admins and billing admins read the series of
 * every metric.
 */
@RestController
@RequestMapping("/api/billing/usage")
class UsageController {

	/** The widest range one request reads, per granularity: a year of hours, ten years of days. */
	static final Duration MAX_HOURLY_RANGE = Duration.ofDays(366);

	static final Duration MAX_RANGE = Duration.ofDays(3660);

	private final UsageLedger ledger;

	private final UsageStats stats;

	private final UsageProperties properties;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	UsageController(UsageLedger ledger, UsageStats stats, UsageProperties properties, EventOutbox events,
			TransactionTemplate transactions, JsonMapper json, Clock clock) {
		this.ledger = ledger;
		this.stats = stats;
		this.properties = properties;
		this.events = events;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	@PostMapping
	@PreAuthorize("hasAuthority('SCOPE_usage:write')")
	@Operation(summary = "Reports usage: one record or a batch of up to 1,000 (API clients with scope usage:write)",
			description = "A record: {metric (projects | storage_bytes), quantity (the level now), timestamp "
					+ "(ISO-8601, default now, at most 35 days old), idempotencyKey (required; a key the tenant used "
					+ "before counts once), attributes (an object)}. Send one record, an array, or {records: [...]}. "
					+ "A batch with a bad record is refused whole (400 naming records[i].field); nothing of it is "
					+ "stored.")
	Reported report(@RequestBody(required = false) JsonNode body) {
		UUID tenant = TenantContext.requireTenantId();
		List<UsageRecord> records = UsageBatch.read(body, this.json, this.clock, this.properties.maxAge());
		int stored = this.transactions.execute((tx) -> {
			int count = this.ledger.record(tenant, records, "api");
			Instant from = records.stream().map(UsageRecord::timestamp).min(Comparator.naturalOrder()).orElseThrow();
			Instant to = records.stream().map(UsageRecord::timestamp).max(Comparator.naturalOrder()).orElseThrow();
			List<String> metrics = records.stream().map((record) -> record.metric().key()).distinct().sorted().toList();
			if (count > 0) {
				this.events.append(Topics.BILLING, UsageReported.TYPE, tenant.toString(),
						new UsageReported(tenant, count, records.size() - count, metrics, from, to));
			}
			return count;
		});
		return new Reported(records.size(), stored, records.size() - stored);
	}

	@GetMapping("/stats")
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "A metric's usage over time: series and totals",
			description = "metric: api_calls, users, projects, storage_bytes. granularity: hour, day (default), month; "
					+ "buckets in UTC, empty ones left out. from (default 30 days ago) and to (default now): ISO-8601; "
					+ "at most 366 days of hours. A counter (api_calls) is summed; a level's point is its peak.")
	UsageStats.Series stats(@RequestParam(required = false) String metric,
			@RequestParam(required = false) String granularity, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		List<FieldError> errors = new ArrayList<>();
		Metric named = Metric.named(metric);
		if (named == null) {
			errors.add(new FieldError("metric", "is required: one of " + Metric.names()));
		}
		String unit = (granularity == null) ? "day" : granularity;
		if (!List.of("hour", "day", "month").contains(unit)) {
			errors.add(new FieldError("granularity", "must be hour, day or month"));
		}
		Instant end = (to == null) ? this.clock.instant() : instant("to", to, errors);
		Instant start = (from == null && end != null) ? end.minus(Duration.ofDays(30)) : instant("from", from, errors);
		if (start != null && end != null) {
			if (!start.isBefore(end)) {
				errors.add(new FieldError("from", "must be before to"));
			}
			else if (Duration.between(start, end).compareTo("hour".equals(unit) ? MAX_HOURLY_RANGE : MAX_RANGE) > 0) {
				errors.add(new FieldError("from", "hour".equals(unit) ? "must be at most 366 days before to"
						: "must be at most 3,660 days before to"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		UUID tenant = TenantContext.requireTenantId();
		return this.transactions.execute((tx) -> this.stats.series(tenant, named, unit, start, end));
	}

	private static Instant instant(String name, String value, List<FieldError> errors) {
		Instant instant = Instants.parse(value);
		if (instant == null && value != null) {
			errors.add(new FieldError(name, "must be an ISO-8601 instant between 1970 and 9999"));
		}
		return instant;
	}

	/** What became of a report: records received, stored, and recognised as sent before. */
	record Reported(int received, int stored, int duplicates) {
	}

}
