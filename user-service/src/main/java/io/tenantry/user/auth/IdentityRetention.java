package io.tenantry.user.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps identity's records of the past for {@code tenantry.identity.retention} (30 days)
 * and no longer: login attempts (the statistics read 30 days at most), sessions that ended
 * (expired, idle or revoked) and their refresh tokens, one-time tokens and MFA challenges
 * that expired. Every tenant's at once, through the {@code retention_purge} policies.
 * Accounts, roles and active sessions are never touched here; a deleted tenant's rows go
 * with the tenant purge.
 */
@Component
class IdentityRetention {

	private static final Logger log = LoggerFactory.getLogger(IdentityRetention.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration retention;

	IdentityRetention(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
			@Value("${tenantry.identity.retention:30d}") Duration retention) {
		if (retention.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("tenantry.identity.retention must be at least 1 day");
		}
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.retention = retention;
	}

	/** @return rows deleted per table */
	@Scheduled(fixedDelayString = "${tenantry.identity.retention-check-interval:1h}",
			initialDelayString = "${tenantry.identity.retention-check-interval:1h}")
	Map<String, Integer> purge() {
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(this.retention));
		Map<String, Integer> deleted = new LinkedHashMap<>();
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.queryForObject("select set_config('app.retention_purge', 'on', true)", String.class);
			deleted.put("login_attempt", this.jdbc.update("delete from login_attempt where attempted_at < ?", cutoff));
			deleted.put("user_session", this.jdbc.update(
					"delete from user_session where expires_at < ? or revoked_at < ? or last_used_at < ?", cutoff,
					cutoff, cutoff));
			deleted.put("one_time_token", this.jdbc.update("delete from one_time_token where expires_at < ?", cutoff));
			deleted.put("mfa_challenge", this.jdbc.update("delete from mfa_challenge where expires_at < ?", cutoff));
		});
		if (deleted.values().stream().anyMatch((count) -> count > 0)) {
			log.info("Deleted identity records older than {}: {}", this.retention, deleted);
		}
		return deleted;
	}

}
