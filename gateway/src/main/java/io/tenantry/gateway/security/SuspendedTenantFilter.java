package io.tenantry.gateway.security;

import java.security.Principal;

import io.tenantry.gateway.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses every request of a suspended tenant, or one pending deletion, with 403
 * {@code tenant-suspended}, except reading the tenant itself, so its members can see why.
 */
class SuspendedTenantFilter implements GlobalFilter, Ordered {

	private final SuspendedTenants suspended;

	SuspendedTenantFilter(SuspendedTenants suspended) {
		this.suspended = suspended;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return exchange.getPrincipal().map(SuspendedTenantFilter::tenantOf).defaultIfEmpty("").flatMap((tenant) -> {
			if (tenant.isEmpty() || readsItsOwnTenant(exchange, tenant)) {
				return chain.filter(exchange);
			}
			return this.suspended.refusal(tenant)
				.map((status) -> Problems.write(exchange, HttpStatus.FORBIDDEN, "tenant-suspended", "Tenant suspended",
						status.equals("SUSPENDED") ? "The tenant is suspended; GET /api/tenants/" + tenant + " says why"
								: "The tenant is " + status + "; GET /api/tenants/" + tenant + " says until when"))
				.orElseGet(() -> chain.filter(exchange));
		});
	}

	private static boolean readsItsOwnTenant(ServerWebExchange exchange, String tenant) {
		return HttpMethod.GET.equals(exchange.getRequest().getMethod())
				&& exchange.getRequest().getPath().value().equals("/api/tenants/" + tenant);
	}

	private static String tenantOf(Principal principal) {
		if (principal instanceof JwtAuthenticationToken token) {
			String tenant = token.getToken().getClaimAsString("tid");
			return (tenant != null) ? tenant : "";
		}
		return "";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
