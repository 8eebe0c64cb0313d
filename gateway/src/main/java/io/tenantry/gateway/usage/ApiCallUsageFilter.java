package io.tenantry.gateway.usage;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts each routed call of a tenant in {@link ApiCallCounts}, for billing's
 * {@code api_calls} metric. A call is counted once its service answered, whatever the
 * status (a 404 or a 500 of the service was still a call); not the gateway's own answers:
 * refusals of a missing or bad token or of a suspended tenant never reach the route
 * filters, and a 503 of the circuit breaker's fallback had no answer from the service.
 * Actuator and the gateway's other endpoints are not routes, so never counted.
 */
class ApiCallUsageFilter implements GlobalFilter, Ordered {

	/**
	 * Set by the gateway's {@code TenantHeadersFilter} from the verified token's {@code tid}
	 * claim only: whatever a client sends under this name is dropped first.
	 */
	static final String TENANT_ID = "X-Tenant-Id";

	private final ApiCallCounts counts;

	ApiCallUsageFilter(ApiCallCounts counts) {
		this.counts = counts;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		UUID tenant = tenantOf(exchange.getRequest().getHeaders().getFirst(TENANT_ID));
		if (tenant == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).doFinally((signal) -> {
			if (exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
				this.counts.increment(tenant);
			}
		});
	}

	private static UUID tenantOf(String header) {
		if (header == null) {
			return null;
		}
		try {
			return UUID.fromString(header);
		}
		catch (IllegalArgumentException ex) {
			// the token validator accepts only a UUID claim: not a tenant's call
			return null;
		}
	}

	@Override
	public int getOrder() {
		// after TenantHeadersFilter has put the verified tenant on the request and after the
		// suspended tenants' refusal, like the per-plan metric
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
