package io.tenantry.gateway.config;

import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.stereotype.Component;

/**
 * The gateway's observation of each request it proxies to a service, under a name of its
 * own. Spring Cloud Gateway calls it {@code http.client.requests}, the name of the gateway's
 * other HTTP clients' meters (token keys, discovery), with other tag keys (route id and URI
 * instead of client name and URI template): Prometheus keeps only the first set registered
 * and drops the other, with a warning. The trace it starts, and the {@code traceparent}
 * passed to the service, are the same as before.
 */
@Component
class ProxiedRequestObservationConvention extends DefaultGatewayObservationConvention {

	static final String NAME = "spring.cloud.gateway.http.client.requests";

	@Override
	public String getName() {
		return NAME;
	}

}
