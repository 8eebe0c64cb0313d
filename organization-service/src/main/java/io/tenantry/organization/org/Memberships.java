package io.tenantry.organization.org;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ListQuery;
import io.tenantry.common.web.PageResponse;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.organization.events.MemberEvent;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users' memberships of organizations, each with one role. Only users user-service has told
 * us about (its {@code user.*} events) and that are not deleted can be members; managing
 * members takes {@code members:manage} on the organization, reading them
 * {@code members:read}.
 */
@Service
class Memberships {

	private static final RowMapper<MemberView> ROWS = (rs, row) -> new MemberView(rs.getObject(1, UUID.class),
			rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
			rs.getTimestamp(6).toInstant());

	private static final String COLUMNS = "m.organization_id, m.user_id, u.email, m.role, m.created_at, m.updated_at";

	private static final String FROM = "membership m join org_user u on u.tenant_id = m.tenant_id and u.user_id = m.user_id";

	private static final Map<String, String> SORTS = Map.of("email", "lower(u.email)", "role", "m.role", "createdAt",
			"m.created_at");

	private final JdbcTemplate jdbc;

	private final Organizations organizations;

	private final Roles roles;

	private final Access access;

	private final EffectivePermissions effective;

	private final EventOutbox events;

	private final Clock clock;

	Memberships(JdbcTemplate jdbc, Organizations organizations, Roles roles, Access access,
			EffectivePermissions effective, EventOutbox events, Clock clock) {
		this.jdbc = jdbc;
		this.organizations = organizations;
		this.roles = roles;
		this.access = access;
		this.effective = effective;
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	MemberView add(Caller caller, UUID organizationId, OrgRequests.AddMember request) {
		OrganizationView organization = this.organizations.require(organizationId);
		this.access.require(caller, organization, Permissions.MEMBERS_MANAGE);
		String role = role(request.role());
		Long known = this.jdbc.queryForObject("select count(*) from org_user where user_id = ?", Long.class,
				request.userId());
		if (known == null || known == 0) {
			throw new InvalidRequestException("userId", "no such user in this tenant");
		}
		Instant now = this.clock.instant();
		int added = this.jdbc.update("""
				insert into membership (tenant_id, organization_id, user_id, role, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?) on conflict do nothing
				""", TenantContext.requireTenantId(), organizationId, request.userId(), role, Timestamp.from(now),
				Timestamp.from(now));
		if (added == 0) {
			throw new ConflictException("The user is already a member; change their role with PUT");
		}
		publish(MemberEvent.ADDED, organizationId, request.userId(), role, null, null);
		return require(organizationId, request.userId());
	}

	@Transactional
	MemberView changeRole(Caller caller, UUID organizationId, UUID userId, OrgRequests.ChangeRole request) {
		OrganizationView organization = this.organizations.require(organizationId);
		this.access.require(caller, organization, Permissions.MEMBERS_MANAGE);
		MemberView member = require(organizationId, userId);
		String role = role(request.role());
		if (role.equals(member.role())) {
			return member;
		}
		this.jdbc.update("update membership set role = ?, updated_at = ? where organization_id = ? and user_id = ?", role,
				Timestamp.from(this.clock.instant()), organizationId, userId);
		publish(MemberEvent.ROLE_CHANGED, organizationId, userId, role, member.role(), null);
		return require(organizationId, userId);
	}

	@Transactional
	void remove(Caller caller, UUID organizationId, UUID userId) {
		OrganizationView organization = this.organizations.require(organizationId);
		this.access.require(caller, organization, Permissions.MEMBERS_MANAGE);
		MemberView member = require(organizationId, userId);
		this.jdbc.update("delete from membership where organization_id = ? and user_id = ?", organizationId, userId);
		publish(MemberEvent.REMOVED, organizationId, userId, member.role(), null, "removed");
	}

	@Transactional(readOnly = true)
	PageResponse<MemberView> list(Caller caller, UUID organizationId, String role, String q, int page, int size,
			String sort) {
		OrganizationView organization = this.organizations.require(organizationId);
		requireReader(caller, organization);
		ListQuery query = ListQuery.from(FROM)
			.whereIf(organizationId, "m.organization_id = ?", organizationId)
			.whereIf(role, "upper(m.role) = upper(?)", role)
			.search("q", q, "u.email");
		return query.page(this.jdbc, "m.user_id", UUID.class, SORTS, sort, "email", page, size,
				(ids) -> this.jdbc.query("select " + COLUMNS + " from " + FROM
						+ " where m.organization_id = ? and m.user_id = any(?::uuid[]) order by array_position(?::uuid[], m.user_id)",
						ROWS, organizationId, ids.toArray(UUID[]::new), ids.toArray(UUID[]::new)));
	}

	/**
	 * The user's effective permissions in the organization: the user themselves, the
	 * tenant's readers, and whoever may read the organization's members.
	 */
	@Transactional(readOnly = true)
	EffectivePermissions.Result permissions(Caller caller, UUID organizationId, UUID userId) {
		OrganizationView organization = this.organizations.require(organizationId);
		if (!userId.equals(caller.userId())) {
			requireReader(caller, organization);
		}
		return this.effective.of(userId, organization);
	}

	/** Ends every membership of a user user-service deleted; returns how many. */
	@Transactional
	int removeUser(UUID userId) {
		var removed = this.jdbc.query("delete from membership where user_id = ? returning organization_id, role",
				(rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)), userId);
		removed.forEach((entry) -> publish(MemberEvent.REMOVED, entry.getKey(), userId, entry.getValue(), null,
				"user-deleted"));
		return removed.size();
	}

	private void requireReader(Caller caller, OrganizationView organization) {
		if (!caller.tenantReader() && !this.access.allows(caller, organization, Permissions.MEMBERS_READ)) {
			throw this.access.denied("read this organization's members");
		}
	}

	private String role(String requested) {
		return this.roles.canonicalName(requested)
			.orElseThrow(() -> new InvalidRequestException("role", "no such role: " + requested));
	}

	private MemberView require(UUID organizationId, UUID userId) {
		return this.jdbc.query("select " + COLUMNS + " from " + FROM + " where m.organization_id = ? and m.user_id = ?",
				ROWS, organizationId, userId)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Member", userId));
	}

	private void publish(String type, UUID organizationId, UUID userId, String role, String previousRole,
			String reason) {
		this.events.append(Topics.ORGANIZATION, type, userId.toString(), new MemberEvent(TenantContext.requireTenantId(),
				organizationId, userId, role, previousRole, reason));
	}

	/** A member as the API shows them. */
	record MemberView(UUID organizationId, UUID userId, String email, String role, Instant createdAt,
			Instant updatedAt) {
	}

}
