package io.tenantry.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery guarantees under failure, with the real broker and services: events written
 * while Kafka is down arrive once it is back, and a consumer killed mid-stream leaves
 * neither duplicates nor gaps in the audit chain.
 */
@Order(3)
class EventDeliveryE2ETests {

	@BeforeAll
	static void suiteIsRunning() {
		Suite.stack();
	}

	@Test
	void eventsWrittenWhileKafkaIsDownArriveOnceAfterItRestarts() {
		String token = Suite.adminToken();
		String marker = "outage-" + UUID.randomUUID() + "@tenantry.test";
		Suite.stack().stopKafka();
		try {
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> refused = failedLogin(marker);
				assertThat(refused.statusCode()).isEqualTo(401);
			}
		}
		finally {
			Suite.stack().startKafka();
		}
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(entriesAbout(marker, token)).hasSize(5));
		// nothing more arrives later: exactly once in the log
		assertThat(entriesAbout(marker, token)).hasSize(5).doesNotHaveDuplicates();
		assertChainValid(token);
	}

	@Test
	void aConsumerKilledMidStreamLeavesNoDuplicatesAndNoGaps() throws Exception {
		String token = Suite.adminToken();
		String marker = "crash-" + UUID.randomUUID() + "@tenantry.test";
		for (int i = 0; i < 40; i++) {
			failedLogin(marker);
			if (i == 20) {
				Suite.stack().killApp("audit-service");
			}
		}
		Suite.stack().startApp("audit-service");
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(entriesAbout(marker, token)).hasSize(40));
		assertThat(entriesAbout(marker, token)).doesNotHaveDuplicates();
		assertChainValid(token);
	}

	private static HttpResponse<String> failedLogin(String email) {
		return Suite.post("/api/auth/login", "{\"tenant\":\"platform\",\"email\":\"" + email + "\",\"password\":\"not-the-password\"}");
	}

	/** Event ids of the audit entries about {@code email} (the subject of a failed login). */
	private static List<String> entriesAbout(String email, String token) {
		HttpResponse<String> response = Suite.get("/api/audit/logs?limit=200&resourceId=" + email, token);
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonPath.read(response.body(), "$.items[*].eventId");
	}

	private static void assertChainValid(String token) {
		HttpResponse<String> verification = Suite.get("/api/audit/verify", token);
		assertThat(verification.statusCode()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(verification.body(), "$.valid")).as(verification.body()).isTrue();
	}

}
