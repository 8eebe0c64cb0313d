package io.tenantry.organization.org;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import io.tenantry.common.tenant.TenantContext;
import io.tenantry.organization.entitlement.Entitlements;
import io.tenantry.organization.entitlement.TenantEntitlements;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's seats as an invitation sees them (decision 13): its users, every status
 * counted as user-service counts them, plus the addresses without an account that an open
 * invitation (pending, not expired) will bring, each address once. An invitation to an
 * address that is a user already takes no seat and is never limited; one to a new address is
 * refused when the seats reach the plan's {@code users} limit, here where it can be
 * explained, rather than in user-service when the invitee accepts.
 * <p>
 * The tenant's entitlement row is locked before counting, in the invitation's transaction,
 * so two concurrent invitations at the limit serialise and the second sees the first.
 */
@Component
class Seats {

	private final TenantEntitlements entitlements;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	Seats(TenantEntitlements entitlements, JdbcTemplate jdbc, Clock clock) {
		this.entitlements = entitlements;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Admits an invitation to {@code email} (lower case) in the current tenant.
	 * @throws io.tenantry.common.web.PlanLimitExceededException when the address has no
	 * account and the tenant's seats already reach its plan's users limit
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void admitInvitation(String email) {
		UUID tenant = TenantContext.requireTenantId();
		if (Boolean.TRUE.equals(this.jdbc.queryForObject(
				"select exists (select 1 from org_user where tenant_id = ? and lower(email) = ?)", Boolean.class,
				tenant, email))) {
			return;
		}
		Entitlements entitlements = this.entitlements.lock(tenant);
		if (entitlements.limit(Entitlements.USERS).isPresent()) {
			entitlements.requireRoomFor(Entitlements.USERS, takenWithout(tenant, email));
		}
	}

	/** The tenant's users and the other new addresses its open invitations will bring. */
	private long takenWithout(UUID tenant, String email) {
		Long taken = this.jdbc.queryForObject("""
				select (select count(*) from org_user where tenant_id = ?)
				     + (select count(distinct lower(i.email)) from org_invitation i
				        where i.tenant_id = ? and i.status = 'PENDING' and i.expires_at > ? and lower(i.email) <> ?
				          and not exists (select 1 from org_user u
				                          where u.tenant_id = i.tenant_id and lower(u.email) = lower(i.email)))
				""", Long.class, tenant, tenant, Timestamp.from(this.clock.instant()), email);
		return (taken != null) ? taken : 0;
	}

}
