package io.tenantry.gateway.security;

import java.security.Principal;
import java.util.Arrays;
import java.util.List;

import io.tenantry.gateway.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Refuses every request of a suspended tenant, or one pending deletion, with 403
 * {@code tenant-suspended}, except reading the tenant itself, so its members can see why. A
 * SUSPENDED tenant (not one pending deletion or deleted) also keeps billing-service
 * ({@code /api/billing/**}: its invoices, paying them, its payment method) and user-service's
 * login and token endpoints, so that a tenant suspended for non-payment can log in and pay,
 * which reactivates it.
 */
class SuspendedTenantFilter implements GlobalFilter, Ordered {

	/** Where a SUSPENDED tenant may still go, matched as the routes' own Path predicates are. */
	private static final List<PathPattern> OPEN_WHILE_SUSPENDED = patterns("/api/billing", "/api/billing/**",
			"/api/auth/**", "/oauth2/**", "/.well-known/**");

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
				.filter((status) -> !(status.equals("SUSPENDED") && openWhileSuspended(exchange)))
				.map((status) -> Problems.write(exchange, HttpStatus.FORBIDDEN, "tenant-suspended", "Tenant suspended",
						status.equals("SUSPENDED")
								? "The tenant is suspended; GET /api/tenants/" + tenant
										+ " says why. /api/billing stays open, to pay what is due"
								: "The tenant is " + status + "; GET /api/tenants/" + tenant + " says until when"))
				.orElseGet(() -> chain.filter(exchange));
		});
	}

	private static boolean readsItsOwnTenant(ServerWebExchange exchange, String tenant) {
		return HttpMethod.GET.equals(exchange.getRequest().getMethod())
				&& exchange.getRequest().getPath().value().equals("/api/tenants/" + tenant);
	}

	/**
	 * Billing, login and tokens, by the path the routes match; a path with a {@code .} or
	 * {@code ..} segment is never open, whatever a service would make of it.
	 */
	private static boolean openWhileSuspended(ServerWebExchange exchange) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		boolean dotSegment = path.elements()
			.stream()
			.anyMatch((element) -> element instanceof PathContainer.PathSegment segment
					&& (segment.valueToMatch().equals(".") || segment.valueToMatch().equals("..")));
		return !dotSegment && OPEN_WHILE_SUSPENDED.stream().anyMatch((pattern) -> pattern.matches(path));
	}

	private static List<PathPattern> patterns(String... patterns) {
		PathPatternParser parser = new PathPatternParser();
		return Arrays.stream(patterns).map(parser::parse).toList();
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
