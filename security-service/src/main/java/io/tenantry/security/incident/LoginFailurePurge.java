package io.tenantry.security.incident;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes failed logins that no window can count any more (older than twice the window, so
 * late events still meet their neighbours), every tenant's at once: the one write across
 * tenants here, through the {@code window_purge} policy of {@code login_failure}.
 */
@Component
class LoginFailurePurge {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final BruteForceProperties properties;

	private final Clock clock;

	LoginFailurePurge(JdbcTemplate jdbc, TransactionTemplate transactions, BruteForceProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/** @return how many failures were deleted */
	@Scheduled(fixedDelayString = "${tenantry.security.brute-force.purge-interval:1m}")
	int purge() {
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(this.properties.window().multipliedBy(2)));
		Integer deleted = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.login_failure_purge', 'on', true)", String.class);
			return this.jdbc.update("delete from login_failure where occurred_at < ?", cutoff);
		});
		return (deleted != null) ? deleted : 0;
	}

}
