package io.tenantry.gateway.web;

import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every request and every response carries an {@code X-Request-Id}: the client's own when
 * it is a sane token, otherwise a new one. It runs before security so refusals carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {

	static final String HEADER = "X-Request-Id";

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestId = exchange.getRequest().getHeaders().getFirst(HEADER);
		if (requestId == null || !ACCEPTED.matcher(requestId).matches()) {
			requestId = UUID.randomUUID().toString();
		}
		String id = requestId;
		ServerHttpRequest request = exchange.getRequest().mutate().headers((headers) -> headers.set(HEADER, id)).build();
		exchange.getResponse().getHeaders().set(HEADER, id);
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(HEADER, id);
			return Mono.empty();
		});
		return chain.filter(exchange.mutate().request(request).build());
	}

}
