package io.tenantry.common.tenant;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tenantry.common.web.ProblemResponses;
import io.tenantry.common.web.ProblemType;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Second isolation layer: the tenant and user headers injected by the gateway must agree
 * with the verified token. A request whose {@code X-Tenant-Id} or {@code X-User-Id}
 * disagrees is refused with 403, whatever route it came by.
 */
public class TenantHeaderFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String tenantHeader = request.getHeader(TenantHeaders.TENANT_ID);
		String userHeader = request.getHeader(TenantHeaders.USER_ID);
		if (tenantHeader != null || userHeader != null) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			Optional<UUID> tokenTenant = TenantContext.tenantOf(authentication);
			if (tenantHeader != null && !tokenTenant.map(UUID::toString).filter(tenantHeader::equalsIgnoreCase).isPresent()) {
				refuse(request, response, TenantHeaders.TENANT_ID);
				return;
			}
			if (userHeader != null && (authentication == null || !userHeader.equals(authentication.getName()))) {
				refuse(request, response, TenantHeaders.USER_ID);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String header) throws IOException {
		ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, ProblemType.TENANT_MISMATCH,
				"Header " + header + " does not match the access token");
	}

}
