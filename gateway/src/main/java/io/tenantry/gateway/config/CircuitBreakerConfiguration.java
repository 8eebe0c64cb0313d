package io.tenantry.gateway.config;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One circuit breaker per route (named after its service): a route that keeps failing
 * opens and answers 503 at once, then lets a few calls through to find out whether the
 * service is back.
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerConfiguration {

	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> defaultCircuitBreaker(GatewayProperties properties) {
		return (factory) -> factory.configureDefault((id) -> new Resilience4JConfigBuilder(id)
			.circuitBreakerConfig(CircuitBreakerConfig.custom()
				.slidingWindowSize(20)
				.minimumNumberOfCalls(10)
				.failureRateThreshold(50)
				.waitDurationInOpenState(properties.openCircuitWait())
				.permittedNumberOfCallsInHalfOpenState(3)
				.automaticTransitionFromOpenToHalfOpenEnabled(true)
				// no registered instance is not a failing instance: still a 503 through the
				// fallback, but it does not count towards opening the circuit (a service that
				// is starting would otherwise be locked out for a while once it is up)
				.ignoreExceptions(NotFoundException.class)
				.build())
			.timeLimiterConfig(TimeLimiterConfig.custom()
				.timeoutDuration(properties.routeTimeout())
				.cancelRunningFuture(true)
				.build())
			.build());
	}

}
