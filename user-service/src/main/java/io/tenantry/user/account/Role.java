package io.tenantry.user.account;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a user may do in their tenant. {@code PLATFORM_ADMIN} exists only in the platform
 * tenant, where it is the owner's role.
 */
public enum Role {

	OWNER, ADMIN, BILLING_ADMIN, SECURITY_ADMIN, AUDITOR, MEMBER, PLATFORM_ADMIN;

	/** Roles that may create, change and delete users. */
	public static final Set<Role> USER_MANAGERS = EnumSet.of(OWNER, ADMIN, PLATFORM_ADMIN);

	/** Roles that may read every user of the tenant. */
	public static final Set<Role> USER_READERS = EnumSet.of(OWNER, ADMIN, PLATFORM_ADMIN, SECURITY_ADMIN, AUDITOR);

	/** Roles that own a tenant: a tenant always keeps one active account with one of them. */
	public static final Set<Role> OWNERS = EnumSet.of(OWNER, PLATFORM_ADMIN);

	public static boolean anyIn(Collection<String> roles, Set<Role> wanted) {
		return roles.stream().anyMatch((role) -> wanted.stream().anyMatch((w) -> w.name().equals(role)));
	}

}
