package io.tenantry.gateway.security;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tenants the gateway refuses, from which events, and what they may still do. */
class SuspendedTenantFilterTests {

	final SuspendedTenants suspended = new SuspendedTenants();

	final TenantStatusEvents events = new TenantStatusEvents(this.suspended, new TenantPlans(),
			new TenantDirectoryReadiness(() -> {
				throw new IllegalStateException("no broker here");
			}, TenantStatusEvents.TOPIC));

	final SuspendedTenantFilter filter = new SuspendedTenantFilter(this.suspended);

	final String tenant = UUID.randomUUID().toString();

	@Test
	void aSuspendedTenantsRequestsAreRefusedButReadingItsOwnTenant() {
		receive(event("io.tenantry.tenant.suspended.v1", "SUSPENDED"));
		MockServerWebExchange refused = exchange(MockServerHttpRequest.get("/api/users"));
		assertThat(passes(refused)).isFalse();
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(refused.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getResponse().getBodyAsString().block()).contains("/problems/tenant-suspended");
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/tenants/" + this.tenant)))).isTrue();
		assertThat(passes(exchange(MockServerHttpRequest.put("/api/tenants/" + this.tenant)))).isFalse();
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/tenants/" + UUID.randomUUID())))).isFalse();
	}

	@Test
	void aSuspendedTenantStillReachesBillingAndLoginToPay() {
		receive(event("io.tenantry.tenant.suspended.v1", "SUSPENDED"));
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/billing/invoices")))).isTrue();
		assertThat(passes(exchange(MockServerHttpRequest.post("/api/billing/invoices/" + UUID.randomUUID() + "/pay"))))
			.isTrue();
		assertThat(passes(exchange(MockServerHttpRequest.put("/api/billing/payment-method")))).isTrue();
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/billing")))).isTrue();
		assertThat(passes(exchange(MockServerHttpRequest.post("/api/auth/refresh")))).isTrue();
		assertThat(passes(exchange(MockServerHttpRequest.post("/api/auth/logout")))).isTrue();
		// nothing else, however the path is spelt
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/billingx")))).isFalse();
		assertThat(passes(exchange(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/billing/../users")))))
			.isFalse();
		assertThat(passes(exchange(MockServerHttpRequest.method(HttpMethod.GET,
				URI.create("/api/billing/%2e%2e/users"))))).isFalse();
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/users/api/billing")))).isFalse();
		MockServerWebExchange refused = exchange(MockServerHttpRequest.get("/api/organizations"));
		assertThat(passes(refused)).isFalse();
		assertThat(refused.getResponse().getBodyAsString().block()).contains("/api/billing stays open");
	}

	@Test
	void aTenantPendingDeletionOrDeletedDoesNotReachBilling() {
		for (String[] move : new String[][] { { "io.tenantry.tenant.deletion-scheduled.v1", "PENDING_DELETION" },
				{ "io.tenantry.tenant.deleted.v1", "DELETED" } }) {
			receive(event(move[0], move[1]));
			assertThat(passes(exchange(MockServerHttpRequest.get("/api/billing/invoices")))).as(move[1]).isFalse();
			assertThat(passes(exchange(MockServerHttpRequest.post("/api/auth/logout")))).as(move[1]).isFalse();
		}
	}

	@Test
	void pendingDeletionAndDeletedAreRefusedAndReactivationLiftsTheRefusal() {
		receive(event("io.tenantry.tenant.deletion-scheduled.v1", "PENDING_DELETION"));
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/users")))).isFalse();
		receive(event("io.tenantry.tenant.reactivated.v1", "ACTIVE"));
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/users")))).isTrue();
		receive(event("io.tenantry.tenant.deleted.v1", "DELETED"));
		assertThat(passes(exchange(MockServerHttpRequest.get("/api/users")))).isFalse();
	}

	@Test
	void otherTenantsAndAnonymousRequestsPassAndEventsWithoutAStatusChangeNothing() {
		receive(event("io.tenantry.tenant.suspended.v1", "SUSPENDED"));
		receive("{\"type\":\"io.tenantry.tenant.config-changed.v1\",\"tenantid\":\"" + this.tenant
				+ "\",\"data\":{\"changed\":[\"locale\"]}}");
		receive("{not json");
		assertThat(this.suspended.refusal(this.tenant)).hasValue("SUSPENDED");
		MockServerWebExchange other = MockServerWebExchange.builder(MockServerHttpRequest.get("/api/users"))
			.principal(principal(UUID.randomUUID().toString()))
			.build();
		assertThat(passes(other)).isTrue();
		assertThat(passes(MockServerWebExchange.from(MockServerHttpRequest.post("/api/auth/login")))).isTrue();
	}

	private long offset;

	private void receive(String message) {
		this.events.on(message, 0, this.offset++);
	}

	private boolean passes(MockServerWebExchange exchange) {
		AtomicBoolean passed = new AtomicBoolean();
		GatewayFilterChain chain = (e) -> {
			passed.set(true);
			return Mono.empty();
		};
		this.filter.filter(exchange, chain).block();
		return passed.get();
	}

	private MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.builder(request.build()).principal(principal(this.tenant)).build();
	}

	private static JwtAuthenticationToken principal(String tenant) {
		return new JwtAuthenticationToken(Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject(UUID.randomUUID().toString())
			.claim("tid", tenant)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(600))
			.build());
	}

	private String event(String type, String status) {
		return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"time\":\""
				+ Instant.now() + "\",\"tenantid\":\"" + this.tenant + "\",\"data\":{\"tenantId\":\"" + this.tenant
				+ "\",\"slug\":\"acme\",\"status\":\"" + status + "\"}}";
	}

}
