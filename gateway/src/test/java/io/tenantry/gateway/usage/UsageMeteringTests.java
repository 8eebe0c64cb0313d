package io.tenantry.gateway.usage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls through the gateway, to a stand-in for the services, end up on
 * {@code tenantry.usage.v1} of a real broker: one event per tenant and flush, keyed by
 * tenant, in the envelope every service's events have. The test flushes itself (the
 * schedule's interval is an hour here).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
				"tenantry.gateway.route-timeout=2s", "tenantry.gateway.usage.flush-interval=1h" })
@DirtiesContext
class UsageMeteringTests {

	static final String ISSUER = "http://localhost:3007";

	static final RSAKey KEY = rsaKey();

	static final EmbeddedKafkaKraftBroker broker = startBroker();

	static final HttpServer services = startServices();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	UsagePublisher publisher;

	@Autowired
	MeterRegistry meters;

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	KafkaConsumer<String, String> consumer;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
		String stub = "http://localhost:" + services.getAddress().getPort();
		registry.add("spring.cloud.discovery.client.simple.instances.tenant-service[0].uri", () -> stub);
		registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri", () -> stub);
		registry.add("spring.cloud.discovery.client.simple.instances.billing-service[0].uri",
				() -> "http://localhost:" + closedPort());
	}

	@AfterAll
	static void stop() {
		// the broker outlives this class's context, closed after it (its consumers would wait
		// for a broker gone first), and goes with the test JVM
		services.stop(0);
	}

	@BeforeEach
	void fromTheEndOfTheTopic() {
		// whatever earlier tests counted is published before this one starts reading
		this.publisher.flush();
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
		List<TopicPartition> partitions = this.consumer.partitionsFor(UsageConfiguration.TOPIC)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
	}

	@AfterEach
	void close() {
		this.consumer.close();
	}

	@Test
	void eachTenantsRoutedCallsArePublishedKeyedByTheTenantAndSumToItsCalls() throws Exception {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		String firstToken = token(first);
		String secondToken = token(second);
		double publishedBefore = this.meters.get("tenantry.gateway.usage.published").counter().count();
		assertThat(get("/api/tenants/echo", firstToken)).isEqualTo(200);
		assertThat(get("/api/users/echo", firstToken)).isEqualTo(200);
		assertThat(get("/api/tenants/missing", firstToken)).as("the service's 404 was a call").isEqualTo(404);
		assertThat(get("/api/tenants/boom", firstToken)).as("the service's 500 was a call").isEqualTo(500);
		assertThat(get("/api/tenants/echo", secondToken)).isEqualTo(200);
		assertThat(get("/api/tenants/echo", secondToken)).isEqualTo(200);
		// not calls of a tenant: the gateway's own answers, unauthenticated calls, actuator
		assertThat(get("/api/billing/invoices", firstToken)).as("no answer from billing-service").isEqualTo(503);
		assertThat(get("/api/tenants/echo", null)).isEqualTo(401);
		assertThat(get("/api/auth/login", null)).isEqualTo(200);
		assertThat(get("/actuator/health", null)).isEqualTo(200);

		assertThat(this.publisher.flush()).isEqualTo(6);

		List<ConsumerRecord<String, String>> records = readToTheEnd();
		Map<String, Long> calls = new HashMap<>();
		for (ConsumerRecord<String, String> record : records) {
			JsonNode event = JSON.readTree(record.value());
			assertThat(event.get("specversion").asString()).isEqualTo("1.0");
			assertThat(UUID.fromString(event.get("id").asString())).isNotNull();
			assertThat(event.get("source").asString()).isEqualTo("/gateway");
			assertThat(event.get("type").asString()).isEqualTo("io.tenantry.usage.recorded.v1");
			assertThat(event.get("subject").asString()).isEqualTo("api_calls");
			assertThat(event.get("tenantid").asString()).isEqualTo(record.key());
			assertThat(event.get("actor").get("type").asString()).isEqualTo("system");
			assertThat(event.get("actor").get("id").asString()).isEqualTo("gateway");
			assertThat(event.get("datacontenttype").asString()).isEqualTo("application/json");
			JsonNode data = event.get("data");
			assertThat(data.get("tenantId").asString()).isEqualTo(record.key());
			assertThat(data.get("metric").asString()).isEqualTo("api_calls");
			Instant start = Instant.parse(data.get("windowStart").asString());
			Instant end = Instant.parse(data.get("windowEnd").asString());
			assertThat(start).isBefore(end);
			assertThat(Instant.parse(event.get("time").asString())).isEqualTo(end);
			calls.merge(record.key(), data.get("quantity").asLong(), Long::sum);
		}
		assertThat(calls).containsOnly(Map.entry(first.toString(), 4L), Map.entry(second.toString(), 2L));
		assertThat(this.meters.get("tenantry.gateway.usage.published").counter().count())
			.isEqualTo(publishedBefore + 6);
	}

	@Test
	void aFlushWithoutCallsPublishesNothing() {
		assertThat(this.publisher.flush()).isZero();
		assertThat(readToTheEnd()).isEmpty();
	}

	/** Every record after the positions taken before the test, up to the topic's end now. */
	private List<ConsumerRecord<String, String>> readToTheEnd() {
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(this.consumer.assignment());
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (ends.entrySet().stream().anyMatch((end) -> this.consumer.position(end.getKey()) < end.getValue())) {
			assertThat(System.nanoTime()).as("records read in time").isLessThan(deadline);
			this.consumer.poll(Duration.ofMillis(200)).forEach(records::add);
		}
		return records;
	}

	private int get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(20));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	static String token(UUID tenant) throws Exception {
		Instant expiresAt = Instant.now().plusSeconds(300);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(UUID.randomUUID().toString())
			.issueTime(Date.from(expiresAt.minusSeconds(600)))
			.expirationTime(Date.from(expiresAt))
			.claim("tid", tenant.toString())
			.claim("roles", List.of("MEMBER"))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(KEY));
		return jwt.serialize();
	}

	static RSAKey rsaKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID("usage-key")
				.build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3, UsageConfiguration.TOPIC,
				"tenantry.tenant.v1", "tenantry.user.v1");
		kafka.afterPropertiesSet();
		return kafka;
	}

	/** The JWKS, and every other path answered with 200, but .../missing 404 and .../boom 500. */
	static HttpServer startServices() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/oauth2/jwks", (exchange) -> respond(exchange, 200,
					new JWKSet(KEY.toPublicJWK()).toString()));
			server.createContext("/", (exchange) -> {
				String path = exchange.getRequestURI().getPath();
				int status = path.endsWith("/missing") ? 404 : path.endsWith("/boom") ? 500 : 200;
				respond(exchange, status, "{}");
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
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
