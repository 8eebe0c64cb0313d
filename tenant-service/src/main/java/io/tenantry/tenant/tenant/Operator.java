package io.tenantry.tenant.tenant;

import java.util.Set;
import java.util.UUID;

import io.tenantry.common.security.TenantryJwtAuthenticationConverter;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Who calls, from the verified token: their tenant and roles. A platform operator is a
 * PLATFORM_ADMIN of the platform tenant; the same role in any other tenant means nothing.
 */
record Operator(UUID tenantId, Set<String> roles) {

	static Operator of(Authentication authentication) {
		return new Operator(TenantContext.tenantOf(authentication).orElseThrow(),
				TenantryJwtAuthenticationConverter.rolesOf(authentication));
	}

	boolean platformAdmin() {
		return PlatformTenant.ID.equals(this.tenantId) && this.roles.contains("PLATFORM_ADMIN");
	}

	void requirePlatformAdmin(String what) {
		if (!platformAdmin()) {
			throw new AccessDeniedException("Only a PLATFORM_ADMIN may " + what);
		}
	}

	/** A platform operator, or one of these roles in the tenant itself. */
	void requireAnyOf(UUID tenant, String what, String... roles) {
		if (platformAdmin()) {
			return;
		}
		if (tenant.equals(this.tenantId) && Set.of(roles).stream().anyMatch(this.roles::contains)) {
			return;
		}
		throw new AccessDeniedException("Only " + String.join(" or ", roles) + " may " + what);
	}

}
