package io.tenantry.gateway.security;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * First isolation layer: whatever tenant or user headers a client sends are dropped, and
 * the ones the services see are taken from the verified token only.
 */
@Component
class TenantHeadersFilter implements GlobalFilter, Ordered {

	static final String TENANT_ID = "X-Tenant-Id";

	static final String USER_ID = "X-User-Id";

	static final String USER_ROLES = "X-User-Roles";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return exchange.getPrincipal()
			.map(TenantHeadersFilter::jwtOf)
			.defaultIfEmpty(Optional.empty())
			.flatMap((jwt) -> chain.filter(exchange.mutate().request(rewrite(exchange.getRequest(), jwt)).build()));
	}

	static ServerHttpRequest rewrite(ServerHttpRequest request, Optional<Jwt> jwt) {
		return request.mutate().headers((headers) -> {
			headers.remove(TENANT_ID);
			headers.remove(USER_ID);
			headers.remove(USER_ROLES);
			jwt.ifPresent((token) -> {
				headers.set(TENANT_ID, token.getClaimAsString("tid"));
				headers.set(USER_ID, token.getSubject());
				List<String> roles = token.getClaimAsStringList("roles");
				if (roles != null && !roles.isEmpty()) {
					headers.set(USER_ROLES, String.join(",", roles));
				}
			});
		}).build();
	}

	private static Optional<Jwt> jwtOf(Principal principal) {
		return (principal instanceof JwtAuthenticationToken token) ? Optional.of(token.getToken()) : Optional.empty();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
