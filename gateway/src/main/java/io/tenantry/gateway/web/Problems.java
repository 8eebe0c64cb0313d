package io.tenantry.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * RFC 9457 problem+json answers written by the gateway itself, with the same stable type
 * URIs as the services.
 */
public final class Problems {

	public static final String TYPE_BASE = "https://tenantry.io/problems/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static Map<String, Object> body(HttpStatus status, String type, String title, String detail,
			String instance) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", TYPE_BASE + type);
		body.put("title", title);
		body.put("status", status.value());
		body.put("detail", detail);
		if (instance != null) {
			body.put("instance", instance);
		}
		return body;
	}

	public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type, String title,
			String detail) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] bytes = JSON.writeValueAsBytes(body(status, type, title, detail, exchange.getRequest().getPath().value()));
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

}
