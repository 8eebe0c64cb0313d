package io.tenantry.gateway.web;

import java.net.URI;
import java.util.Map;
import java.util.Set;

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
 * out, or circuit open): a 503 problem the client can retry.
 */
@RestController
class FallbackController {

	@RequestMapping("/fallback/{service}")
	ResponseEntity<Map<String, Object>> unavailable(@PathVariable String service, ServerWebExchange exchange) {
		Set<URI> original = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		String instance = (original != null && !original.isEmpty()) ? original.iterator().next().getPath()
				: exchange.getRequest().getPath().value();
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header("Retry-After", "5")
			.body(Problems.body(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
					service + " is not available right now; retry shortly", instance));
	}

}
