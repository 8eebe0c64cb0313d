package io.tenantry.organization.org;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.organization.events.RoleEvent;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organization roles: the built-in ORG_ADMIN, ORG_MEMBER and ORG_VIEWER, and each tenant's
 * own, a name with a set of permissions. The tenant's OWNERs and ADMINs manage its own
 * roles; renaming one renames it in every membership, and one still in use cannot be
 * deleted.
 */
@Service
class Roles {

	private static final RowMapper<RoleView> ROWS = (rs, row) -> new RoleView(rs.getObject(1, UUID.class),
			rs.getString(2), rs.getString(3), Arrays.asList((String[]) rs.getArray(4).getArray()), false,
			rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant());

	private final JdbcTemplate jdbc;

	private final EventOutbox events;

	private final Clock clock;

	Roles(JdbcTemplate jdbc, EventOutbox events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** The permissions of a role by name, built-in or the tenant's own; none for an unknown one. */
	List<String> permissionsOf(String role) {
		Permissions.BuiltIn builtIn = Permissions.BuiltIn.named(role);
		if (builtIn != null) {
			return builtIn.permissions();
		}
		return this.jdbc.query("select permissions from org_role where upper(name) = upper(?)",
				(rs, row) -> Arrays.asList((String[]) rs.getArray(1).getArray()), role).stream().findFirst().orElse(List.of());
	}

	/** The role's name as stored, when the tenant has such a role. */
	Optional<String> canonicalName(String role) {
		Permissions.BuiltIn builtIn = Permissions.BuiltIn.named(role);
		if (builtIn != null) {
			return Optional.of(builtIn.name());
		}
		return this.jdbc.queryForList("select name from org_role where upper(name) = upper(?)", String.class, role)
			.stream()
			.findFirst();
	}

	@Transactional(readOnly = true)
	List<RoleView> list() {
		List<RoleView> roles = new ArrayList<>();
		for (Permissions.BuiltIn builtIn : Permissions.BuiltIn.values()) {
			roles.add(new RoleView(null, builtIn.name(), "Built in", builtIn.permissions(), true, null, null));
		}
		roles.addAll(this.jdbc.query(
				"select id, name, description, permissions, created_at, updated_at from org_role order by upper(name)",
				ROWS));
		return roles;
	}

	@Transactional(readOnly = true)
	RoleView get(UUID id) {
		return find(id).orElseThrow(() -> new ResourceNotFoundException("Role", id));
	}

	@Transactional
	RoleView create(Caller caller, OrgRequests.Role request) {
		requireAdmin(caller);
		requireNotBuiltIn(request.name());
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		try {
			this.jdbc.update("""
					insert into org_role (tenant_id, id, name, description, permissions, created_at, updated_at)
					values (?, ?, ?, ?, ?, ?, ?)
					""", TenantContext.requireTenantId(), id, request.name(), request.description(),
					distinct(request.permissions()), Timestamp.from(now), Timestamp.from(now));
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("A role named " + request.name() + " already exists");
		}
		RoleView created = get(id);
		publish(RoleEvent.CREATED, created);
		return created;
	}

	@Transactional
	RoleView update(Caller caller, UUID id, OrgRequests.Role request) {
		requireAdmin(caller);
		RoleView role = get(id);
		if (!role.name().equalsIgnoreCase(request.name())) {
			requireNotBuiltIn(request.name());
		}
		try {
			this.jdbc.update("update org_role set name = ?, description = ?, permissions = ?, updated_at = ? where id = ?",
					request.name(), request.description(), distinct(request.permissions()),
					Timestamp.from(this.clock.instant()), id);
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("A role named " + request.name() + " already exists");
		}
		if (!role.name().equals(request.name())) {
			this.jdbc.update("update membership set role = ?, updated_at = ? where role = ?", request.name(),
					Timestamp.from(this.clock.instant()), role.name());
		}
		RoleView updated = get(id);
		publish(RoleEvent.UPDATED, updated);
		return updated;
	}

	@Transactional
	void delete(Caller caller, UUID id) {
		requireAdmin(caller);
		RoleView role = get(id);
		Long inUse = this.jdbc.queryForObject("select count(*) from membership where role = ?", Long.class,
				role.name());
		if (inUse != null && inUse > 0) {
			throw new ConflictException("The role " + role.name() + " is held by " + inUse
					+ " membership(s); give them another role first");
		}
		this.jdbc.update("delete from org_role where id = ?", id);
		publish(RoleEvent.DELETED, role);
	}

	private Optional<RoleView> find(UUID id) {
		return this.jdbc.query(
				"select id, name, description, permissions, created_at, updated_at from org_role where id = ?", ROWS, id)
			.stream()
			.findFirst();
	}

	private void publish(String type, RoleView role) {
		this.events.append(Topics.ORGANIZATION, type, role.id().toString(),
				new RoleEvent(TenantContext.requireTenantId(), role.id(), role.name(), role.permissions()));
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.tenantAdmin()) {
			throw new AccessDeniedException("Only OWNER or ADMIN may manage organization roles");
		}
	}

	private static void requireNotBuiltIn(String name) {
		if (Permissions.BuiltIn.named(name) != null) {
			throw new InvalidRequestException("name", "is a built-in role's name");
		}
	}

	private static String[] distinct(List<String> permissions) {
		return new LinkedHashSet<>(permissions.stream().map((p) -> p.toLowerCase(Locale.ROOT)).toList())
			.toArray(String[]::new);
	}

	/** A role as the API shows it; built-in roles have no id. */
	record RoleView(UUID id, String name, String description, List<String> permissions, boolean builtIn,
			Instant createdAt, Instant updatedAt) {
	}

}
