package io.tenantry.organization.org;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.notification.Notification;
import io.tenantry.common.notification.Notifications;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.organization.events.InvitationEvent;
import io.tenantry.organization.events.MemberEvent;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invitations to join an organization with a role. The token goes out by the notification
 * port and is kept only as its SHA-256; it is single-use and valid for
 * {@code invitation-ttl} (7 days). PENDING becomes ACCEPTED, REVOKED or EXPIRED (when it is
 * next looked at after its expiry). Resending mails a new token and makes the old one
 * worthless. Accepting makes the membership at once when the invitee is a user of the
 * tenant; otherwise user-service creates the user on {@code invitation-accepted} and the
 * membership follows from its {@code user.created}. An invitation to an address without an
 * account is refused when the tenant's plan has no seat left for it ({@link Seats}).
 */
@Service
class Invitations {

	private static final RowMapper<InvitationView> ROWS = (rs, row) -> new InvitationView(rs.getObject(1, UUID.class),
			rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
			rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getObject(8, UUID.class), instant(rs.getTimestamp(9)),
			rs.getTimestamp(10).toInstant());

	private static final String COLUMNS = "id, organization_id, email, role, status, expires_at, sent_count, user_id,"
			+ " accepted_at, created_at";

	private final JdbcTemplate jdbc;

	private final Organizations organizations;

	private final Roles roles;

	private final Access access;

	private final Notifications notifications;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final Seats seats;

	private final OrganizationProperties properties;

	private final Clock clock;

	Invitations(JdbcTemplate jdbc, Organizations organizations, Roles roles, Access access,
			Notifications notifications, EventOutbox events, TransactionTemplate transactions, Seats seats,
			OrganizationProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.organizations = organizations;
		this.roles = roles;
		this.access = access;
		this.notifications = notifications;
		this.events = events;
		this.transactions = transactions;
		this.seats = seats;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	InvitationView create(Caller caller, UUID organizationId, OrgRequests.Invite request) {
		OrganizationView organization = this.organizations.require(organizationId);
		this.access.require(caller, organization, Permissions.MEMBERS_MANAGE);
		String role = this.roles.canonicalName(request.role())
			.orElseThrow(() -> new InvalidRequestException("role", "no such role: " + request.role()));
		String email = request.email().strip().toLowerCase(Locale.ROOT);
		Long member = this.jdbc.queryForObject("""
				select count(*) from membership m join org_user u on u.tenant_id = m.tenant_id and u.user_id = m.user_id
				where m.organization_id = ? and lower(u.email) = ?""", Long.class, organizationId, email);
		if (member != null && member > 0) {
			throw new ConflictException("This address is already a member of the organization");
		}
		expireDue();
		this.seats.admitInvitation(email);
		UUID id = UUID.randomUUID();
		String token = InvitationTokens.generate(TenantContext.requireTenantId());
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.properties.invitationTtl());
		int inserted = this.jdbc.update("""
				insert into org_invitation (tenant_id, id, organization_id, email, role, token_hash, status, expires_at,
				    invited_by, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?) on conflict do nothing""",
				TenantContext.requireTenantId(), id, organizationId, email, role, InvitationTokens.hash(token),
				Timestamp.from(expires), caller.subject(), Timestamp.from(now), Timestamp.from(now));
		if (inserted == 0) {
			throw new ConflictException("A pending invitation to this address exists; resend or revoke it");
		}
		send(organization, email, role, token, expires);
		InvitationView created = require(organizationId, id);
		publish(InvitationEvent.CREATED, created);
		return created;
	}

	@Transactional
	List<InvitationView> list(Caller caller, UUID organizationId) {
		OrganizationView organization = this.organizations.require(organizationId);
		if (!caller.tenantReader() && !this.access.allows(caller, organization, Permissions.MEMBERS_READ)) {
			throw this.access.denied("read this organization's invitations");
		}
		expireDue();
		return this.jdbc.query("select " + COLUMNS + " from org_invitation where organization_id = ?"
				+ " order by created_at desc", ROWS, organizationId);
	}

	@Transactional
	InvitationView revoke(Caller caller, UUID organizationId, UUID id) {
		manage(caller, organizationId);
		requirePending(organizationId, id);
		this.jdbc.update("update org_invitation set status = 'REVOKED', updated_at = ? where id = ?",
				Timestamp.from(this.clock.instant()), id);
		InvitationView revoked = require(organizationId, id);
		publish(InvitationEvent.REVOKED, revoked);
		return revoked;
	}

	/** Mails a new token (the old one stops working) and starts the validity again. */
	@Transactional
	InvitationView resend(Caller caller, UUID organizationId, UUID id) {
		OrganizationView organization = manage(caller, organizationId);
		InvitationView invitation = requirePending(organizationId, id);
		String token = InvitationTokens.generate(TenantContext.requireTenantId());
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.properties.invitationTtl());
		this.jdbc.update("update org_invitation set token_hash = ?, expires_at = ?, sent_count = sent_count + 1,"
				+ " updated_at = ? where id = ?", InvitationTokens.hash(token), Timestamp.from(expires),
				Timestamp.from(now), id);
		send(organization, invitation.email(), invitation.role(), token, expires);
		return require(organizationId, id);
	}

	/** Accepts with the mailed token; no access token needed, the tenant is in the token. */
	Acceptance accept(String token) {
		UUID tenant = InvitationTokens.tenantOf(token).orElseThrow(Invitations::invalidToken);
		return TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> {
			expireDue();
			InvitationView invitation = this.jdbc.query("select " + COLUMNS + " from org_invitation"
					+ " where token_hash = ? for update", ROWS, InvitationTokens.hash(token))
				.stream()
				.findFirst()
				.orElseThrow(Invitations::invalidToken);
			if (!invitation.status().equals("PENDING")) {
				throw new ConflictException("The invitation is " + invitation.status().toLowerCase(Locale.ROOT));
			}
			Instant now = this.clock.instant();
			Optional<UUID> user = this.jdbc.queryForList("select user_id from org_user where lower(email) = ?"
					+ " and status <> 'DISABLED'", UUID.class, invitation.email()).stream().findFirst();
			this.jdbc.update("update org_invitation set status = 'ACCEPTED', accepted_at = ?, updated_at = ?,"
					+ " user_id = ? where id = ?", Timestamp.from(now), Timestamp.from(now), user.orElse(null),
					invitation.id());
			InvitationView accepted = require(invitation.organizationId(), invitation.id());
			publish(InvitationEvent.ACCEPTED, accepted);
			user.ifPresent((id) -> join(accepted, id));
			return new Acceptance(accepted.id(), accepted.organizationId(), accepted.role(), user.orElse(null),
					user.isPresent() ? "member" : "awaiting-account");
		}));
	}

	/**
	 * A user user-service just created: the invitations they accepted before having an
	 * account become memberships. In the caller's (event's) transaction, as the tenant.
	 */
	void userCreated(UUID userId, String email) {
		List<InvitationView> waiting = this.jdbc.query("select " + COLUMNS + " from org_invitation"
				+ " where status = 'ACCEPTED' and user_id is null and lower(email) = ?", ROWS,
				email.toLowerCase(Locale.ROOT));
		for (InvitationView invitation : waiting) {
			this.jdbc.update("update org_invitation set user_id = ?, updated_at = ? where id = ?", userId,
					Timestamp.from(this.clock.instant()), invitation.id());
			join(invitation, userId);
		}
	}

	private void join(InvitationView invitation, UUID userId) {
		Instant now = this.clock.instant();
		int added = this.jdbc.update("""
				insert into membership (tenant_id, organization_id, user_id, role, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?) on conflict do nothing""", TenantContext.requireTenantId(),
				invitation.organizationId(), userId, invitation.role(), Timestamp.from(now), Timestamp.from(now));
		if (added == 1) {
			this.events.append(Topics.ORGANIZATION, MemberEvent.ADDED, userId.toString(), new MemberEvent(
					TenantContext.requireTenantId(), invitation.organizationId(), userId, invitation.role(), null, null));
		}
	}

	/** Marks the tenant's overdue invitations EXPIRED, each with its event. */
	private void expireDue() {
		Instant now = this.clock.instant();
		List<InvitationView> expired = this.jdbc.query("update org_invitation set status = 'EXPIRED', updated_at = ?"
				+ " where status = 'PENDING' and expires_at <= ? returning " + COLUMNS, ROWS, Timestamp.from(now),
				Timestamp.from(now));
		expired.forEach((invitation) -> publish(InvitationEvent.EXPIRED, invitation));
	}

	private OrganizationView manage(Caller caller, UUID organizationId) {
		OrganizationView organization = this.organizations.require(organizationId);
		this.access.require(caller, organization, Permissions.MEMBERS_MANAGE);
		expireDue();
		return organization;
	}

	private InvitationView requirePending(UUID organizationId, UUID id) {
		InvitationView invitation = require(organizationId, id);
		if (!invitation.status().equals("PENDING")) {
			throw new ConflictException("The invitation is " + invitation.status().toLowerCase(Locale.ROOT));
		}
		return invitation;
	}

	private InvitationView require(UUID organizationId, UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from org_invitation where organization_id = ? and id = ?", ROWS,
				organizationId, id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Invitation", id));
	}

	private void send(OrganizationView organization, String email, String role, String token, Instant expires) {
		this.notifications.send(new Notification(TenantContext.requireTenantId(), email, "organization-invitation",
				"You are invited to " + organization.name(),
				"You are invited to join " + organization.name() + " as " + role + ". Accept with this token before "
						+ expires + ": " + token,
				token));
	}

	private void publish(String type, InvitationView invitation) {
		this.events.append(Topics.ORGANIZATION, type, invitation.id().toString(),
				new InvitationEvent(TenantContext.requireTenantId(), invitation.id(), invitation.organizationId(),
						invitation.email(), invitation.role(), invitation.expiresAt(), invitation.userId()));
	}

	private static InvalidRequestException invalidToken() {
		return new InvalidRequestException("token", "is not a valid invitation token");
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** An invitation as the API shows it; never with its token. */
	record InvitationView(UUID id, UUID organizationId, String email, String role, String status, Instant expiresAt,
			int sentCount, UUID userId, Instant acceptedAt, Instant createdAt) {
	}

	/** @param outcome {@code member}, or {@code awaiting-account} until user-service creates the user */
	record Acceptance(UUID invitationId, UUID organizationId, String role, UUID userId, String outcome) {
	}

}
