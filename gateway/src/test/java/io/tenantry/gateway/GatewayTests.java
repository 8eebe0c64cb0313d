package io.tenantry.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tenantry.gateway.security.TenantStatusEvents;
import io.tenantry.revocation.RevokedTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against a stand-in for the services (a plain HTTP server found through
 * discovery, which also publishes the issuer's JWKS), as a client would call it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
				"tenantry.gateway.route-timeout=2s",
				// no broker here: revocations are fed to RevokedTokens directly below
				"spring.kafka.listener.auto-startup=false",
				// and API-call usage is published in UsageMeteringTests, not every 5 s to no broker
				"tenantry.gateway.usage.flush-interval=1h" })
@ExtendWith(OutputCaptureExtension.class)
class GatewayTests {

	static final RSAKey KEY = rsaKey("issuer-key");

	static final RSAKey OTHER_KEY = rsaKey("attacker-key");

	static final String ISSUER = "http://localhost:3007";

	static final Map<String, String> received = new ConcurrentHashMap<>();

	static final HttpServer services = startServices();

	static final int closedPort = closedPort();

	@LocalServerPort
	int port;

	@Autowired
	ReactiveResilience4JCircuitBreakerFactory circuitBreakers;

	@Autowired
	RevokedTokens revokedTokens;

	@Autowired
	TenantStatusEvents tenantEvents;

	// HTTP/1.1: no h2c upgrade dance with the gateway's server
	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@DynamicPropertySource
	static void discovery(DynamicPropertyRegistry registry) {
		String stub = "http://localhost:" + services.getAddress().getPort();
		registry.add("spring.cloud.discovery.client.simple.instances.tenant-service[0].uri", () -> stub);
		registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri", () -> stub);
		registry.add("spring.cloud.discovery.client.simple.instances.billing-service[0].uri",
				() -> "http://localhost:" + closedPort);
	}

	@AfterAll
	static void stopServices() {
		services.stop(0);
	}

	@BeforeEach
	void forget() {
		received.clear();
	}

	@Test
	void requestWithoutTokenIsRefusedWithProblemJsonAndARequestId() throws Exception {
		HttpResponse<String> response = get("/api/tenants/echo", null, Map.of());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((v) -> assertThat(v).startsWith("Bearer"));
		assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
		assertThat(response.body()).contains("\"type\":\"https://tenantry.io/problems/unauthenticated\"");
		assertThat(received).isEmpty();
	}

	@Test
	void everyRequestOnAKeptAliveConnectionIsAnsweredWhenTheNextArrivesBeforeTheLastIsDone() throws Exception {
		String token = sign(KEY, claims(UUID.randomUUID(), UUID.randomUUID(), ISSUER, Instant.now().plusSeconds(300)));
		String proxied = "GET /api/tenants/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
				+ "\r\n\r\n";
		String refused = "GET /api/tenants/echo HTTP/1.1\r\nHost: localhost\r\n\r\n";
		for (int connection = 0; connection < 5; connection++) {
			try (Socket socket = new Socket("localhost", this.port)) {
				socket.setSoTimeout(10_000);
				// a proxied call (answered later) with a refusal behind it (answered at once, once
				// the first is done), then, after both answers, one more request on the connection
				socket.getOutputStream().write((proxied + refused).getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				InputStream in = new BufferedInputStream(socket.getInputStream());
				assertThat(List.of(readStatus(in), readStatus(in))).containsExactly(200, 401);
				socket.getOutputStream().write(refused.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				assertThat(readStatus(in)).isEqualTo(401);
			}
		}
	}

	/** Reads one HTTP/1.1 response off the stream, body included, and returns its status. */
	private static int readStatus(InputStream in) throws IOException {
		String status = readLine(in);
		int code = Integer.parseInt(status.split(" ")[1]);
		long length = 0;
		boolean chunked = false;
		for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
			String name = header.substring(0, header.indexOf(':')).strip().toLowerCase(java.util.Locale.ROOT);
			String value = header.substring(header.indexOf(':') + 1).strip();
			if (name.equals("content-length")) {
				length = Long.parseLong(value);
			}
			else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
				chunked = true;
			}
		}
		if (!chunked) {
			in.readNBytes((int) length);
			return code;
		}
		for (int size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16); size > 0;
				size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16)) {
			in.readNBytes(size);
			readLine(in);
		}
		readLine(in);
		return code;
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c == -1) {
				throw new java.io.EOFException("connection closed after: " + line);
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	@Test
	void tenantHeadersComeFromTheTokenNeverFromTheClient() throws Exception {
		UUID tenant = UUID.randomUUID();
		UUID user = UUID.randomUUID();
		String token = sign(KEY, claims(tenant, user, ISSUER, Instant.now().plusSeconds(300)));
		HttpResponse<String> response = get("/api/tenants/echo", token, Map.of("X-Tenant-Id",
				UUID.randomUUID().toString(), "X-User-Id", "someone-else", "X-User-Roles", "PLATFORM_ADMIN"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(received).containsEntry("X-Tenant-Id", tenant.toString())
			.containsEntry("X-User-Id", user.toString())
			.containsEntry("X-User-Roles", "MEMBER")
			.containsKey("Authorization");
	}

	@Test
	void theServiceContinuesTheCallersTraceUnderTheGatewaysSpan() throws Exception {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String callerSpan = "00f067aa0ba902b7";
		String token = sign(KEY, claims(UUID.randomUUID(), UUID.randomUUID(), ISSUER, Instant.now().plusSeconds(300)));
		HttpResponse<String> response = get("/api/tenants/echo", token,
				Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(received.get("traceparent")).startsWith("00-" + traceId + "-").doesNotContain(callerSpan);
		get("/api/tenants/echo", token, Map.of());
		assertThat(received.get("traceparent")).as("a trace started for a caller that sent none")
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
			.doesNotContain(traceId);
	}

	@Test
	void apiCallsAreCountedByThePlanOfTheCallersTenantNeverByTenant() throws Exception {
		UUID tenant = UUID.randomUUID();
		this.tenantEvents.on("{\"type\":\"io.tenantry.tenant.created.v1\",\"tenantid\":\"" + tenant
				+ "\",\"data\":{\"tenantId\":\"" + tenant + "\",\"plan\":\"ENTERPRISE\",\"status\":\"PROVISIONING\"}}", 0, 0);
		String token = sign(KEY, claims(tenant, UUID.randomUUID(), ISSUER, Instant.now().plusSeconds(300)));
		String series = "plan=\"ENTERPRISE\",route=\"tenant-service\"";
		double before = counted(series);
		assertThat(get("/api/tenants/echo", token, Map.of()).statusCode()).isEqualTo(200);
		assertThat(get("/api/tenants/echo", token, Map.of()).statusCode()).isEqualTo(200);
		String scrape = get("/actuator/prometheus", null, Map.of()).body();
		assertThat(counted(series)).isEqualTo(before + 2);
		assertThat(scrape).doesNotContain(tenant.toString());
		// the proxied call's own timer, under a name no other HTTP client meter uses
		assertThat(scrape.lines()
			.filter((line) -> line.startsWith("spring_cloud_gateway_http_client_requests_seconds_count{")
					&& line.contains("spring_cloud_gateway_route_id=\"tenant-service\"")))
			.isNotEmpty();
	}

	private double counted(String labels) throws Exception {
		return get("/actuator/prometheus", null, Map.of()).body()
			.lines()
			.filter((line) -> line.startsWith("tenantry_gateway_api_calls_total{") && line.contains(labels)
					&& line.contains("outcome=\"success\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	@Test
	void aSuspendedTenantReachesOnlyItsTenantBillingAndLoginThroughTheGateway() throws Exception {
		UUID tenant = UUID.randomUUID();
		this.tenantEvents.on("{\"type\":\"io.tenantry.tenant.suspended.v1\",\"tenantid\":\"" + tenant
				+ "\",\"data\":{\"tenantId\":\"" + tenant + "\",\"status\":\"SUSPENDED\",\"reason\":\"Invoice INV-1 is unpaid\"}}",
				0, 0);
		String token = sign(KEY, claims(tenant, UUID.randomUUID(), ISSUER, Instant.now().plusSeconds(300)));
		HttpResponse<String> refused = get("/api/users", token, Map.of());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("https://tenantry.io/problems/tenant-suspended");
		assertThat(get("/api/tenants/" + tenant, token, Map.of()).statusCode()).isEqualTo(200);
		assertThat(get("/api/auth/logout", token, Map.of()).statusCode()).isEqualTo(200);
		assertThat(received).containsEntry("path", "/api/auth/logout");
		// billing-service is down in this test: its route's 503, not the gateway's 403
		HttpResponse<String> billing = get("/api/billing/invoices", token, Map.of());
		assertThat(billing.statusCode()).isEqualTo(503);
		assertThat(billing.body()).contains("billing-service").doesNotContain("tenant-suspended");

		this.tenantEvents.on("{\"type\":\"io.tenantry.tenant.deletion-scheduled.v1\",\"tenantid\":\"" + tenant
				+ "\",\"data\":{\"tenantId\":\"" + tenant + "\",\"status\":\"PENDING_DELETION\"}}", 0, 1);
		assertThat(get("/api/billing/invoices", token, Map.of()).statusCode()).isEqualTo(403);
		assertThat(get("/api/auth/logout", token, Map.of()).statusCode()).isEqualTo(403);
	}

	@Test
	void publicLoginPathIsRoutedWithoutTokenAndWithoutClientTenantHeaders() throws Exception {
		HttpResponse<String> response = get("/api/auth/login", null, Map.of("X-Tenant-Id", UUID.randomUUID().toString()));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(received).containsEntry("path", "/api/auth/login").doesNotContainKey("X-Tenant-Id");
	}

	@Test
	void stripesNotificationsReachBillingWithoutAToken() throws Exception {
		// billing-service is down in this test: a 503 from its route, not the gateway's 401
		assertThat(get("/api/billing/webhooks/stripe", null, Map.of()).statusCode()).isEqualTo(503);
		assertThat(get("/api/billing/invoices", null, Map.of()).statusCode()).isEqualTo(401);
	}

	@Test
	void tokensOfARevokedSessionOrOfAUserRevokedSinceTheyWereIssuedAreRefused() throws Exception {
		UUID tenant = UUID.randomUUID();
		UUID user = UUID.randomUUID();
		String sid = UUID.randomUUID().toString();
		Instant later = Instant.now().plusSeconds(300);
		String sessionToken = sign(KEY, new JWTClaimsSet.Builder(claims(tenant, user, ISSUER, later)).claim("sid", sid)
			.build());
		assertThat(get("/api/tenants/echo", sessionToken, Map.of()).statusCode()).isEqualTo(200);
		this.revokedTokens.revokeSession(sid, Instant.now());
		HttpResponse<String> refused = get("/api/tenants/echo", sessionToken, Map.of());
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("https://tenantry.io/problems/unauthenticated");

		UUID deleted = UUID.randomUUID();
		String before = sign(KEY, claims(tenant, deleted, ISSUER, later));
		this.revokedTokens.revokeSubject(deleted.toString(), Instant.now());
		assertThat(get("/api/tenants/echo", before, Map.of()).statusCode()).isEqualTo(401);
		String issuedAfter = sign(KEY, new JWTClaimsSet.Builder(claims(tenant, deleted, ISSUER, later))
			.issueTime(Date.from(Instant.now().plusSeconds(2)))
			.build());
		assertThat(get("/api/tenants/echo", issuedAfter, Map.of()).statusCode()).isEqualTo(200);
	}

	@Test
	void clientRequestIdIsPassedOnAndReturned() throws Exception {
		String token = sign(KEY, claims(UUID.randomUUID(), UUID.randomUUID(), ISSUER, Instant.now().plusSeconds(300)));
		HttpResponse<String> response = get("/api/tenants/echo", token, Map.of("X-Request-Id", "trace-42"));
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-42");
		assertThat(received).containsEntry("X-Request-Id", "trace-42");
	}

	@Test
	void tokensThatAreForgedExpiredOrFromAnotherIssuerAreRefused() throws Exception {
		UUID tenant = UUID.randomUUID();
		UUID user = UUID.randomUUID();
		Instant later = Instant.now().plusSeconds(300);
		List<String> refused = List.of(sign(OTHER_KEY, claims(tenant, user, ISSUER, later)),
				sign(KEY, claims(tenant, user, ISSUER, Instant.now().minusSeconds(600))),
				sign(KEY, claims(tenant, user, "https://issuer.example", later)), unsigned(claims(tenant, user, ISSUER, later)),
				sign(KEY, new JWTClaimsSet.Builder(claims(tenant, user, ISSUER, later)).claim("tid", null).build()));
		for (String token : refused) {
			HttpResponse<String> response = get("/api/tenants/echo", token, Map.of());
			assertThat(response.statusCode()).as(token).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(received).isEmpty();
	}

	@Test
	void serviceThatCannotBeReachedAnswers503ProblemJsonAndLogsItUnderTheCallersTrace(CapturedOutput output)
			throws Exception {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String token = sign(KEY, claims(UUID.randomUUID(), UUID.randomUUID(), ISSUER, Instant.now().plusSeconds(300)));
		HttpResponse<String> response = get("/api/billing/plans", token,
				Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("https://tenantry.io/problems/service-unavailable")
			.contains("billing-service");
		// the gateway's line about it names the caller's trace, as the services' lines do
		assertThat(output.getOut().lines().filter((line) -> line.contains("GET /api/billing/plans answered 503")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(traceId));
	}

	@Test
	void serviceWithNoRegisteredInstanceAnswers503WithoutOpeningItsCircuit() throws Exception {
		String token = sign(KEY, claims(UUID.randomUUID(), UUID.randomUUID(), ISSUER, Instant.now().plusSeconds(300)));
		for (int i = 0; i < 25; i++) {
			HttpResponse<String> response = get("/api/organizations/x", token, Map.of());
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.body()).contains("organization-service");
		}
		assertThat(this.circuitBreakers.getCircuitBreakerRegistry().circuitBreaker("organization-service").getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	private HttpResponse<String> get(String path, String token, Map<String, String> headers) throws Exception {
		// a gateway that never answers fails the test, not the build's clock
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(java.time.Duration.ofSeconds(20));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static JWTClaimsSet claims(UUID tenant, UUID user, String issuer, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(user.toString())
			.issueTime(Date.from(expiresAt.minusSeconds(600)))
			.expirationTime(Date.from(expiresAt))
			.claim("tid", tenant.toString())
			.claim("roles", List.of("MEMBER"))
			.build();
	}

	static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	static String unsigned(JWTClaimsSet claims) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
	}

	static RSAKey rsaKey(String kid) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(kid)
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static HttpServer startServices() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/oauth2/jwks", (exchange) -> respond(exchange, new JWKSet(KEY.toPublicJWK()).toString()));
			server.createContext("/", (exchange) -> {
				received.put("path", exchange.getRequestURI().getPath());
				for (String name : List.of("X-Tenant-Id", "X-User-Id", "X-User-Roles", "X-Request-Id", "Authorization",
						"traceparent")) {
					String value = exchange.getRequestHeaders().getFirst(name);
					if (value != null) {
						received.put(name, value);
					}
				}
				respond(exchange, "{}");
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void respond(HttpExchange exchange, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
