package io.tenantry.billing.usage;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes raw usage records received longer ago than {@code tenantry.billing.usage.raw-retention},
 * every tenant's, in the named mode {@code app.usage_retention} that lets it read and delete
 * across tenants and do nothing else. Rollups stay; so does every idempotency key younger than
 * the oldest timestamp a client may still report ({@code max-age} is shorter than the
 * retention), so a retry is still recognised.
 */
@Component
class UsageRetention {

	private static final Logger log = LoggerFactory.getLogger(UsageRetention.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final UsageProperties properties;

	private final Clock clock;

	UsageRetention(JdbcTemplate jdbc, TransactionTemplate transactions, UsageProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${tenantry.billing.usage.retention-interval:1h}", initialDelayString = "1m")
	int deleteExpired() {
		Timestamp before = Timestamp.from(this.clock.instant().minus(this.properties.rawRetention()));
		Integer deleted = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.usage_retention', 'on', true)", String.class);
			return this.jdbc.update("delete from usage_record where received_at < ?", before);
		});
		if (deleted != null && deleted > 0) {
			log.info("Deleted {} usage records received before {}", deleted, before.toInstant());
		}
		return (deleted != null) ? deleted : 0;
	}

}
