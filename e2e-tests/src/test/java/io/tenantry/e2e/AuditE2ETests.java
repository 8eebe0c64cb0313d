package io.tenantry.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event produced by one service (a login at user-service) travels through its outbox and
 * Kafka to audit-service, and is readable and verifiable through the gateway.
 */
@Order(6)
class AuditE2ETests {

	@BeforeAll
	static void suiteIsRunning() {
		Suite.stack();
	}

	@Test
	void loginsAppearInTheAuditLogOnceAndTheChainVerifies() {
		String token = Suite.adminToken();
		Suite.post("/api/auth/login", "{\"tenant\":\"platform\",\"email\":\"" + Suite.ADMIN_EMAIL + "\",\"password\":\"wrong password\"}");
		String sub = JsonPath.read(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])), "$.sub");

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			HttpResponse<String> failed = Suite.get("/api/audit/logs?action=io.tenantry.auth.login-failed.v1", token);
			assertThat(failed.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<List<Object>>read(failed.body(), "$.items")).isNotEmpty();
		});
		HttpResponse<String> succeeded = Suite.get("/api/audit/logs?action=io.tenantry.auth.login-succeeded.v1&actor=" + sub,
				token);
		assertThat(JsonPath.<List<String>>read(succeeded.body(), "$.items[*].source")).contains("/user-service");
		List<String> eventIds = JsonPath.read(Suite.get("/api/audit/logs?limit=200", token).body(), "$.items[*].eventId");
		assertThat(eventIds).doesNotHaveDuplicates();

		HttpResponse<String> verification = Suite.get("/api/audit/verify", token);
		assertThat(verification.statusCode()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(verification.body(), "$.valid")).isTrue();
		assertThat((Integer) JsonPath.read(verification.body(), "$.entriesVerified")).isGreaterThanOrEqualTo(2);
	}

}
