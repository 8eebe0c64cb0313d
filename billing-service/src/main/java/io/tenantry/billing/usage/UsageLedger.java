package io.tenantry.billing.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a tenant's usage records and keeps their rollups and current levels in the same
 * transaction. A record whose idempotency key the tenant already used is skipped (the
 * database's unique key decides, so it holds across instances and restarts). Records, rollups
 * and levels are written in a fixed order (by key), so two concurrent batches of one tenant
 * wait for each other instead of deadlocking.
 */
@Service
public class UsageLedger {

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	UsageLedger(JdbcTemplate jdbc, ApplicationEventPublisher publisher, Clock clock) {
		this.jdbc = jdbc;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Records {@code records} for {@code tenantId} (the tenant of the caller's transaction).
	 * @param source {@code api} for a tenant's client, {@code event} for a service's event
	 * @return how many were stored; the rest were duplicates
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int record(UUID tenantId, List<UsageRecord> records, String source) {
		if (records.isEmpty()) {
			return 0;
		}
		Map<String, UsageRecord> byKey = new TreeMap<>();
		for (UsageRecord record : records) {
			byKey.putIfAbsent(record.idempotencyKey(), record);
		}
		List<UsageRecord> stored = insert(tenantId, List.copyOf(byKey.values()), source);
		if (stored.isEmpty()) {
			return 0;
		}
		rollUp(tenantId, stored);
		Map<Metric, Long> levels = levels(tenantId, stored);
		Map<Metric, Long> counted = new EnumMap<>(Metric.class);
		for (UsageRecord record : stored) {
			if (record.metric().kind() == Metric.Kind.COUNTER) {
				counted.merge(record.metric(), record.quantity(), Long::sum);
			}
		}
		this.publisher.publishEvent(new UsageRecorded(tenantId, levels, counted));
		return stored.size();
	}

	private List<UsageRecord> insert(UUID tenantId, List<UsageRecord> records, String source) {
		int size = records.size();
		UUID[] ids = new UUID[size];
		String[] metrics = new String[size];
		Long[] quantities = new Long[size];
		Timestamp[] times = new Timestamp[size];
		String[] keys = new String[size];
		String[] attributes = new String[size];
		for (int i = 0; i < size; i++) {
			UsageRecord record = records.get(i);
			ids[i] = UUID.randomUUID();
			metrics[i] = record.metric().key();
			quantities[i] = record.quantity();
			times[i] = Timestamp.from(record.timestamp());
			keys[i] = record.idempotencyKey();
			attributes[i] = record.attributes();
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.query((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement("""
					insert into usage_record (tenant_id, id, metric, quantity, recorded_at, idempotency_key, attributes,
					    source, received_at)
					select ?, r.id, r.metric, r.quantity, r.recorded_at, r.idempotency_key, r.attributes::jsonb, ?, ?
					from unnest(?::uuid[], ?::text[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[])
					    as r(id, metric, quantity, recorded_at, idempotency_key, attributes)
					order by r.idempotency_key
					on conflict (tenant_id, idempotency_key) do nothing
					returning metric, quantity, recorded_at, idempotency_key""");
			statement.setObject(1, tenantId);
			statement.setString(2, source);
			statement.setTimestamp(3, now);
			statement.setArray(4, connection.createArrayOf("uuid", ids));
			statement.setArray(5, connection.createArrayOf("text", metrics));
			statement.setArray(6, connection.createArrayOf("bigint", quantities));
			statement.setArray(7, connection.createArrayOf("timestamptz", times));
			statement.setArray(8, connection.createArrayOf("text", keys));
			statement.setArray(9, connection.createArrayOf("text", attributes));
			return statement;
		}, (rs, row) -> new UsageRecord(Metric.named(rs.getString(1)), rs.getLong(2), rs.getTimestamp(3).toInstant(),
				rs.getString(4), null));
	}

	/** Adds the stored records to their hourly and daily buckets. */
	private void rollUp(UUID tenantId, List<UsageRecord> stored) {
		Map<String, Bucket> buckets = new TreeMap<>();
		for (UsageRecord record : stored) {
			for (Granularity granularity : List.of(Granularity.HOUR, Granularity.DAY)) {
				Instant start = granularity.truncate(record.timestamp());
				String key = record.metric().key() + '|' + granularity + '|' + start;
				buckets.computeIfAbsent(key, (k) -> new Bucket(record.metric(), granularity, start)).add(record);
			}
		}
		List<Bucket> rows = List.copyOf(buckets.values());
		int size = rows.size();
		String[] metrics = new String[size];
		String[] granularities = new String[size];
		Timestamp[] starts = new Timestamp[size];
		Long[] totals = new Long[size];
		Long[] maxima = new Long[size];
		Long[] lastValues = new Long[size];
		Timestamp[] lastAts = new Timestamp[size];
		Long[] counts = new Long[size];
		for (int i = 0; i < size; i++) {
			Bucket bucket = rows.get(i);
			metrics[i] = bucket.metric.key();
			granularities[i] = bucket.granularity.name();
			starts[i] = Timestamp.from(bucket.start);
			totals[i] = bucket.total;
			maxima[i] = bucket.maximum;
			lastValues[i] = bucket.lastValue;
			lastAts[i] = Timestamp.from(bucket.lastAt);
			counts[i] = bucket.records;
		}
		this.jdbc.update((Connection connection) -> {
			PreparedStatement statement = connection.prepareStatement("""
					insert into usage_rollup (tenant_id, metric, granularity, bucket_start, total, maximum, last_value,
					    last_at, records)
					select ?, b.* from unnest(?::text[], ?::text[], ?::timestamptz[], ?::bigint[], ?::bigint[],
					    ?::bigint[], ?::timestamptz[], ?::bigint[])
					    as b(metric, granularity, bucket_start, total, maximum, last_value, last_at, records)
					on conflict (tenant_id, metric, granularity, bucket_start) do update set
					    total = usage_rollup.total + excluded.total,
					    maximum = greatest(usage_rollup.maximum, excluded.maximum),
					    last_value = case when excluded.last_at >= usage_rollup.last_at then excluded.last_value
					        else usage_rollup.last_value end,
					    last_at = greatest(usage_rollup.last_at, excluded.last_at),
					    records = usage_rollup.records + excluded.records""");
			statement.setObject(1, tenantId);
			statement.setArray(2, connection.createArrayOf("text", metrics));
			statement.setArray(3, connection.createArrayOf("text", granularities));
			statement.setArray(4, connection.createArrayOf("timestamptz", starts));
			statement.setArray(5, connection.createArrayOf("bigint", totals));
			statement.setArray(6, connection.createArrayOf("bigint", maxima));
			statement.setArray(7, connection.createArrayOf("bigint", lastValues));
			statement.setArray(8, connection.createArrayOf("timestamptz", lastAts));
			statement.setArray(9, connection.createArrayOf("bigint", counts));
			return statement;
		});
	}

	/**
	 * Moves each level metric to its latest stored record, unless a later one is already
	 * there. @return the levels now current, for the metrics whose level changed
	 */
	private Map<Metric, Long> levels(UUID tenantId, List<UsageRecord> stored) {
		Map<Metric, UsageRecord> latest = new EnumMap<>(Metric.class);
		for (UsageRecord record : stored) {
			if (record.metric().kind() == Metric.Kind.LEVEL) {
				latest.merge(record.metric(), record,
						(a, b) -> Comparator.comparing(UsageRecord::timestamp).compare(a, b) >= 0 ? a : b);
			}
		}
		Map<Metric, Long> changed = new LinkedHashMap<>();
		Timestamp now = Timestamp.from(this.clock.instant());
		for (UsageRecord record : latest.values()) { // EnumMap: the metrics' order, the same in every transaction
			List<Long> level = this.jdbc.queryForList("""
					insert into usage_current (tenant_id, metric, level, level_at, updated_at) values (?, ?, ?, ?, ?)
					on conflict (tenant_id, metric) do update set level = excluded.level, level_at = excluded.level_at,
					    updated_at = excluded.updated_at
					    where excluded.level_at >= usage_current.level_at
					returning level""", Long.class, tenantId, record.metric().key(), record.quantity(),
					Timestamp.from(record.timestamp()), now);
			if (!level.isEmpty()) {
				changed.put(record.metric(), level.get(0));
			}
		}
		return changed;
	}

	/** The current level of each level metric the tenant has reported. */
	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	public Map<Metric, Long> levels(UUID tenantId) {
		Map<Metric, Long> levels = new EnumMap<>(Metric.class);
		this.jdbc.query("select metric, level from usage_current where tenant_id = ?", (rs) -> {
			Metric metric = Metric.named(rs.getString(1));
			if (metric != null) {
				levels.put(metric, rs.getLong(2));
			}
		}, tenantId);
		return levels;
	}

	/** The sum of a counter from {@code from} (inclusive) to {@code to} (exclusive), by hour. */
	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	public long total(UUID tenantId, Metric metric, Instant from, Instant to) {
		Long total = this.jdbc.queryForObject("""
				select coalesce(sum(total), 0) from usage_rollup
				where tenant_id = ? and metric = ? and granularity = 'HOUR' and bucket_start >= ? and bucket_start < ?""",
				Long.class, tenantId, metric.key(), Timestamp.from(from.truncatedTo(ChronoUnit.HOURS)),
				Timestamp.from(to));
		return (total != null) ? total : 0;
	}

	/** A rollup's width. */
	public enum Granularity {

		HOUR, DAY;

		Instant truncate(Instant instant) {
			return instant.truncatedTo((this == HOUR) ? ChronoUnit.HOURS : ChronoUnit.DAYS);
		}

	}

	private static final class Bucket {

		final Metric metric;

		final Granularity granularity;

		final Instant start;

		long total;

		long maximum = Long.MIN_VALUE;

		long lastValue;

		Instant lastAt = Instant.MIN;

		long records;

		Bucket(Metric metric, Granularity granularity, Instant start) {
			this.metric = metric;
			this.granularity = granularity;
			this.start = start;
		}

		void add(UsageRecord record) {
			this.total = Math.addExact(this.total, record.quantity());
			this.maximum = Math.max(this.maximum, record.quantity());
			if (!record.timestamp().isBefore(this.lastAt)) {
				this.lastAt = record.timestamp();
				this.lastValue = record.quantity();
			}
			this.records++;
		}

	}

}
