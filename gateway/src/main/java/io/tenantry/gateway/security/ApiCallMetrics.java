package io.tenantry.gateway.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code tenantry.gateway.api.calls}: routed calls of authenticated tenants, by the plan of
 * the caller's tenant, the route and the outcome (2xx success, 4xx client error, 5xx server
 * error). Every tag comes from a small fixed set, the tenant itself is never one.
 */
class ApiCallMetrics implements GlobalFilter, Ordered {

	private final TenantPlans plans;

	private final MeterRegistry meters;

	ApiCallMetrics(TenantPlans plans, MeterRegistry meters) {
		this.plans = plans;
		this.meters = meters;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String tenant = exchange.getRequest().getHeaders().getFirst(TenantHeadersFilter.TENANT_ID);
		if (tenant == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).doFinally((signal) -> count(exchange, tenant));
	}

	private void count(ServerWebExchange exchange, String tenant) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		Counter.builder("tenantry.gateway.api.calls")
			.description("Routed API calls of authenticated tenants, by the tenant's plan")
			.tag("plan", this.plans.planOf(tenant))
			.tag("route", (route != null) ? route.getId() : "none")
			.tag("outcome", outcome(status))
			.register(this.meters)
			.increment();
	}

	private static String outcome(HttpStatusCode status) {
		if (status == null || status.is5xxServerError()) {
			return "server_error";
		}
		if (status.is4xxClientError()) {
			return "client_error";
		}
		return "success";
	}

	@Override
	public int getOrder() {
		// after TenantHeadersFilter has put the verified tenant on the request
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
