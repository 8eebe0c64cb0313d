package io.tenantry.user.account;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.tenantry.common.tenant.TenantContext;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, from the verified access token only: user (or API client) id, tenant,
 * roles and session.
 *
 * @param subject the token's {@code sub}
 * @param tenantId the token's {@code tid}
 * @param roles the token's {@code roles}
 * @param sessionId the token's {@code sid}, absent on client tokens
 */
public record Caller(String subject, UUID tenantId, List<String> roles, UUID sessionId) {

	public static Caller current() {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
			throw new AccessDeniedException("An access token is required");
		}
		List<String> roles = token.getToken().getClaimAsStringList("roles");
		String sid = token.getToken().getClaimAsString("sid");
		return new Caller(token.getName(), TenantContext.requireTenantId(), (roles != null) ? roles : List.of(),
				(sid != null) ? UUID.fromString(sid) : null);
	}

	public boolean hasAnyRole(Set<Role> wanted) {
		return Role.anyIn(this.roles, wanted);
	}

	public boolean is(UUID userId) {
		return userId.toString().equals(this.subject);
	}

	public boolean canManageUsers() {
		return hasAnyRole(Role.USER_MANAGERS);
	}

	/** Refuses unless the caller is {@code userId} or may manage users. */
	public void requireSelfOrManager(UUID userId) {
		if (!is(userId) && !canManageUsers()) {
			throw new AccessDeniedException("Only the user or a user administrator may do this");
		}
	}

	public void requireManager() {
		if (!canManageUsers()) {
			throw new AccessDeniedException("Only OWNER or ADMIN may manage users");
		}
	}

}
