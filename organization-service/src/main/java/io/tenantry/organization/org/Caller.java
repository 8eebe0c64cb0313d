package io.tenantry.organization.org;

import java.util.Set;
import java.util.UUID;

import io.tenantry.common.security.TenantryJwtAuthenticationConverter;
import io.tenantry.common.tenant.TenantContext;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who calls, from the verified token: tenant, user (or API client) and tenant roles. */
record Caller(UUID tenantId, String subject, Set<String> roles) {

	/** Tenant roles that manage every organization of the tenant. */
	static final Set<String> TENANT_ADMINS = Set.of("OWNER", "ADMIN");

	/** Tenant roles that read every organization's members. */
	static final Set<String> TENANT_READERS = Set.of("OWNER", "ADMIN", "AUDITOR", "SECURITY_ADMIN");

	static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return new Caller(TenantContext.tenantOf(authentication).orElseThrow(), authentication.getName(),
				TenantryJwtAuthenticationConverter.rolesOf(authentication));
	}

	boolean tenantAdmin() {
		return this.roles.stream().anyMatch(TENANT_ADMINS::contains);
	}

	boolean tenantReader() {
		return this.roles.stream().anyMatch(TENANT_READERS::contains);
	}

	/** The caller's user id, when the caller is a user (API clients have none). */
	UUID userId() {
		try {
			return UUID.fromString(this.subject);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
