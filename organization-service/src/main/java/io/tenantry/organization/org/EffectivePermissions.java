package io.tenantry.organization.org;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A user's permissions in an organization and where they come from. A membership holds in
 * the organization and all its descendants; the membership nearest to the organization
 * (its own, else its parent's, and so on up) decides, so a role given lower down overrides
 * one given higher up. One indexed query: the user's memberships among the organization's
 * path.
 */
@Component
class EffectivePermissions {

	private final JdbcTemplate jdbc;

	private final Roles roles;

	EffectivePermissions(JdbcTemplate jdbc, Roles roles) {
		this.jdbc = jdbc;
		this.roles = roles;
	}

	Result of(UUID userId, OrganizationView organization) {
		List<Source> memberships = this.jdbc.query("""
				select m.organization_id, o.name, o.depth, m.role
				from membership m join organization o on o.tenant_id = m.tenant_id and o.id = m.organization_id
				where m.user_id = ? and m.organization_id = any(?::uuid[])
				order by o.depth desc
				""", (rs, row) -> new Source(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getString(4),
				rs.getObject(1, UUID.class).equals(organization.id()) ? false : true),
				userId, organization.path().toArray(UUID[]::new));
		if (memberships.isEmpty()) {
			return new Result(organization.id(), userId, null, null, List.of(), List.of());
		}
		Source decisive = memberships.get(0);
		List<Granted> granted = this.roles.permissionsOf(decisive.role())
			.stream()
			.map((permission) -> new Granted(permission, decisive.role(), decisive.organizationId(),
					decisive.organizationName(), decisive.inherited()))
			.toList();
		return new Result(organization.id(), userId, decisive.role(), decisive, granted,
				memberships.subList(1, memberships.size()));
	}

	/**
	 * @param role the effective role, null when the user has none here
	 * @param source the membership that gives it
	 * @param overridden memberships higher up that the source overrides
	 */
	record Result(UUID organizationId, UUID userId, String role, Source source, List<Granted> permissions,
			List<Source> overridden) {
	}

	/** A membership on the organization's path. */
	record Source(UUID organizationId, String organizationName, int depth, String role, boolean inherited) {
	}

	/** One permission and where it comes from. */
	record Granted(String permission, String role, UUID organizationId, String organizationName,
			boolean inherited) {
	}

}
