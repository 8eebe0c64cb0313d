package io.tenantry.billing.usage;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A metric's series from the rollups: hourly and daily buckets as stored, months summed from
 * the days (buckets are UTC). A counter's point is its sum; a level's is its peak in the
 * bucket, beside the last value. Buckets without records are left out.
 */
@Component
class UsageStats {

	private final JdbcTemplate jdbc;

	UsageStats(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(propagation = Propagation.MANDATORY, readOnly = true)
	Series series(UUID tenantId, Metric metric, String granularity, Instant from, Instant to) {
		String sql = switch (granularity) {
			case "hour", "day" -> """
					select bucket_start, total, maximum, last_value from usage_rollup
					where tenant_id = ? and metric = ? and granularity = ? and bucket_start >= ? and bucket_start < ?
					order by bucket_start""";
			default -> """
					select date_trunc('month', bucket_start at time zone 'UTC') at time zone 'UTC', sum(total)::bigint,
					    max(maximum), (array_agg(last_value order by last_at desc))[1]
					from usage_rollup
					where tenant_id = ? and metric = ? and granularity = ? and bucket_start >= ? and bucket_start < ?
					group by 1 order by 1""";
		};
		String stored = "hour".equals(granularity) ? "HOUR" : "DAY";
		Instant start = UsageLedger.Granularity.valueOf(stored).truncate(from);
		List<Point> points = this.jdbc.query(sql,
				(rs, row) -> new Point(rs.getTimestamp(1).toInstant(),
						(metric.kind() == Metric.Kind.COUNTER) ? rs.getLong(2) : rs.getLong(3), rs.getLong(4)),
				tenantId, metric.key(), stored, Timestamp.from(start), Timestamp.from(to));
		long total = points.stream().mapToLong(Point::value).sum();
		long peak = points.stream().mapToLong(Point::value).max().orElse(0);
		Long latest = points.isEmpty() ? null : points.get(points.size() - 1).last();
		return (metric.kind() == Metric.Kind.COUNTER)
				? new Series(metric.key(), metric.kind().name(), granularity, from, to, total, null, null, points)
				: new Series(metric.key(), metric.kind().name(), granularity, from, to, null, peak, latest, points);
	}

	/** One bucket: its start, its value (a counter's sum, a level's peak) and its last value. */
	record Point(Instant start, long value, long last) {
	}

	/** A metric over a range: the total of a counter, or the peak and latest value of a level. */
	record Series(String metric, String kind, String granularity, Instant from, Instant to, Long total, Long peak,
			Long latest, List<Point> points) {
	}

}
