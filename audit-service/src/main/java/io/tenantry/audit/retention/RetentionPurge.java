package io.tenantry.audit.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.audit.checkpoint.Checkpoints;
import io.tenantry.common.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the monthly partitions of the audit log: creates the coming months ahead, and drops
 * a past month once every tenant with entries in it is past its retention and none is on
 * legal hold. Before a month goes, each of its tenants gets a signed checkpoint at its last
 * entry in that month, so that the rest of its chain still verifies.
 */
@Component
public class RetentionPurge implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final RetentionSettings settings;

	private final RetentionProperties properties;

	private final Checkpoints checkpoints;

	private final Clock clock;

	RetentionPurge(JdbcTemplate jdbc, TransactionTemplate transactions, RetentionSettings settings,
			RetentionProperties properties, Checkpoints checkpoints, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = settings;
		this.properties = properties;
		this.checkpoints = checkpoints;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		ensurePartitions();
	}

	/** The current month's partition and the next ones. */
	@Scheduled(cron = "${tenantry.audit.partition-cron:0 0 0 * * *}", zone = "UTC")
	public void ensurePartitions() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		for (int i = 0; i <= this.properties.monthsAhead(); i++) {
			this.jdbc.queryForObject("select audit_ensure_partition(?)", String.class, today.plusMonths(i));
		}
	}

	/** Drops every month that may go; returns the months dropped. */
	@Scheduled(cron = "${tenantry.audit.purge-cron:0 30 0 * * *}", zone = "UTC")
	public List<YearMonth> purge() {
		Instant now = this.clock.instant();
		List<YearMonth> dropped = new ArrayList<>();
		for (YearMonth month : partitions()) {
			Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			if (end.isAfter(now.minus(Duration.ofDays(30)))) {
				continue;
			}
			if (purge(month, end, now)) {
				dropped.add(month);
			}
		}
		return dropped;
	}

	private boolean purge(YearMonth month, Instant end, Instant now) {
		Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		List<UUID> tenants = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.audit_maintenance', 'on', true)", String.class);
			return this.jdbc.queryForList("select tenant_id from audit_chain_head", UUID.class);
		});
		List<Map.Entry<UUID, Map<String, Object>>> lastEntries = new ArrayList<>();
		for (UUID tenant : (tenants != null) ? tenants : List.<UUID>of()) {
			List<Map<String, Object>> last = TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> this.jdbc
				.queryForList("""
						select seq, hash from audit_entry where tenant_id = ? and recorded_at >= ? and recorded_at < ?
						order by seq desc limit 1""", tenant, Timestamp.from(start), Timestamp.from(end))));
			if (last == null || last.isEmpty()) {
				continue;
			}
			Retention retention = this.settings.of(tenant);
			if (retention.legalHold()) {
				log.info("Keeping audit month {}: tenant {} is on legal hold", month, tenant);
				return false;
			}
			if (end.plus(Duration.ofDays(retention.retentionDays())).isAfter(now)) {
				return false;
			}
			lastEntries.add(Map.entry(tenant, last.get(0)));
		}
		for (Map.Entry<UUID, Map<String, Object>> last : lastEntries) {
			TenantContext.runAs(last.getKey(), () -> this.transactions.executeWithoutResult((tx) -> this.checkpoints
				.checkpointAt(last.getKey(), ((Number) last.getValue().get("seq")).longValue(),
						(String) last.getValue().get("hash"))));
		}
		Boolean done = this.jdbc.queryForObject("select audit_drop_partition(?)", Boolean.class, month.atDay(1));
		log.info("Dropped audit month {} ({} tenant chain(s) checkpointed)", month, lastEntries.size());
		return Boolean.TRUE.equals(done);
	}

	/** The month partitions that exist, oldest first. */
	List<YearMonth> partitions() {
		return this.jdbc.queryForList("""
				select c.relname from pg_inherits i
				join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
				where p.relname = 'audit_entry' and c.relname ~ '^audit_entry_[0-9]{4}_[0-9]{2}$'
				order by c.relname""", String.class)
			.stream()
			.map((name) -> YearMonth.parse(name.substring("audit_entry_".length()).replace('_', '-')))
			.toList();
	}

}
