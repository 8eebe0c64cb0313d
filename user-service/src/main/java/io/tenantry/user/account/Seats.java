package io.tenantry.user.account;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.user.entitlement.Entitlements;
import io.tenantry.user.entitlement.TenantEntitlements;
import io.tenantry.user.events.UsageRecorded;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's accounts as seats of its plan (decision 13): every account counts, whatever
 * its status, until it is deleted. Every change to the number of accounts {@linkplain #hold
 * holds} the tenant's entitlement row (locked until the transaction ends) before counting, so
 * two concurrent creations serialise and the limit is never passed, and the counts reported
 * follow each other in commit order. After the change, the new count is
 * {@linkplain #report reported} on {@code tenantry.usage.v1} in the same transaction.
 * <p>
 * The platform tenant has no plan: it is neither limited nor metered.
 */
@Component
class Seats {

	private final TenantEntitlements entitlements;

	private final JdbcTemplate jdbc;

	private final EventOutbox events;

	private final Clock clock;

	Seats(TenantEntitlements entitlements, JdbcTemplate jdbc, EventOutbox events, Clock clock) {
		this.entitlements = entitlements;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Holds the tenant's seats for a change to its accounts: its entitlement row, locked.
	 * @return the tenant's entitlements and its number of accounts now
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Held hold(UUID tenant) {
		Entitlements entitlements = this.entitlements.lock(tenant);
		return new Held(entitlements, count(tenant));
	}

	/**
	 * Holds the tenant's seats for one more account.
	 * @throws io.tenantry.common.web.PlanLimitExceededException when the tenant already has
	 * as many accounts as its plan allows
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void admit(UUID tenant) {
		Held held = hold(tenant);
		held.entitlements().requireRoomFor(Entitlements.USERS, held.used());
	}

	/**
	 * Records the tenant's number of accounts after a change, in the current transaction.
	 * The actor is the system (user-service measures): who made the change is on the
	 * {@code user.*} event beside it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void report(UUID tenant) {
		if (PlatformTenant.ID.equals(tenant)) {
			return;
		}
		Instant now = this.clock.instant();
		this.events.append(Topics.USAGE, UsageRecorded.TYPE, Entitlements.USERS,
				new UsageRecorded(tenant, Entitlements.USERS, count(tenant), now, now), "system", null);
	}

	private long count(UUID tenant) {
		Long count = this.jdbc.queryForObject("select count(*) from user_account where tenant_id = ?", Long.class,
				tenant);
		return (count != null) ? count : 0;
	}

	/** A tenant's entitlements, its row locked, and how many accounts it had when locked. */
	record Held(Entitlements entitlements, long used) {
	}

}
