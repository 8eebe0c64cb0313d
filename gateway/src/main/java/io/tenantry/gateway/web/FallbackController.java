package io.tenantry.gateway.web;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker sends a call its service could not answer (down, timed
 * out, or circuit open): a 503 problem the client can retry, and a warning in the log with
 * the request's trace id, so the failed call is found beside the service's own lines.
 */
@RestController
class FallbackController {

	private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

	@RequestMapping("/fallback/{service}")
	ResponseEntity<Map<String, Object>> unavailable(@PathVariable String service, ServerWebExchange exchange) {
		Set<URI> original = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		String instance = (original != null && !original.isEmpty()) ? original.iterator().next().getPath()
				: exchange.getRequest().getPath().value();
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		log.warn("{} {} answered 503: {} did not answer ({})", exchange.getRequest().getMethod(), instance, service,
				(cause != null) ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : "circuit open");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header("Retry-After", "5")
			.body(Problems.body(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
					service + " is not available right now; retry shortly", instance));
	}

}
