package io.tenantry.organization.org;

import java.util.UUID;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Who may do what to an organization: the tenant's OWNERs and ADMINs everything; anyone
 * else what their effective role in that organization grants ({@link EffectivePermissions}).
 */
@Component
class Access {

	private final EffectivePermissions permissions;

	Access(EffectivePermissions permissions) {
		this.permissions = permissions;
	}

	void require(Caller caller, OrganizationView organization, String permission) {
		if (!allows(caller, organization, permission)) {
			throw denied(permission + " on this organization");
		}
	}

	boolean allows(Caller caller, OrganizationView organization, String permission) {
		if (caller.tenantAdmin()) {
			return true;
		}
		UUID user = caller.userId();
		return user != null && this.permissions.of(user, organization).permissions().stream()
			.anyMatch((granted) -> granted.permission().equals(permission));
	}

	AccessDeniedException denied(String what) {
		return new AccessDeniedException("You may not " + what);
	}

}
