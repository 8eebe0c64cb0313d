package io.tenantry.organization.org;

import java.util.List;

/**
 * The permissions organization-service checks, and the built-in roles' sets of them. A
 * tenant's own roles may name these and any other permission of the form
 * {@code resource:action}, for the tenant's applications to check.
 */
final class Permissions {

	static final String ORG_READ = "org:read";

	static final String ORG_UPDATE = "org:update";

	static final String ORG_CREATE_CHILD = "org:create-child";

	static final String ORG_DELETE = "org:delete";

	static final String MEMBERS_READ = "members:read";

	static final String MEMBERS_MANAGE = "members:manage";

	private Permissions() {
	}

	/** The built-in roles; their names are reserved in every tenant. */
	enum BuiltIn {

		ORG_ADMIN(List.of(ORG_READ, ORG_UPDATE, ORG_CREATE_CHILD, ORG_DELETE, MEMBERS_READ, MEMBERS_MANAGE)),
		ORG_MEMBER(List.of(ORG_READ, MEMBERS_READ)),
		ORG_VIEWER(List.of(ORG_READ));

		private final List<String> permissions;

		BuiltIn(List<String> permissions) {
			this.permissions = permissions;
		}

		List<String> permissions() {
			return this.permissions;
		}

		static BuiltIn named(String name) {
			for (BuiltIn role : values()) {
				if (role.name().equalsIgnoreCase(name)) {
					return role;
				}
			}
			return null;
		}

	}

}
