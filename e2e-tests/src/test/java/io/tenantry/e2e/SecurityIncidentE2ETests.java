package io.tenantry.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
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
 * Brute force through the gateway: failed logins on one tenant from one client open an
 * incident in security-service that the tenant's owner reads and resolves, and that another
 * tenant's owner does not see. Rotating a forged X-Forwarded-For does not split the count.
 */
@Order(7)
class SecurityIncidentE2ETests {

	static IdentityE2ETests.Tenant target;

	static IdentityE2ETests.Tenant bystander;

	@BeforeAll
	static void twoTenants() {
		Suite.stack();
		String admin = Suite.adminToken();
		target = IdentityE2ETests.onboard(admin, "target");
		bystander = IdentityE2ETests.onboard(admin, "bystander");
	}

	@Test
	void tenFailedLoginsFromOneClientOpenAnIncidentItsOwnerResolves() {
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> refused = Suite.send(HttpRequest
				.newBuilder(URI.create(Suite.gateway() + "/api/auth/login"))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				// a forged first hop, different every time: the gateway's own entry is the one counted
				.header("X-Forwarded-For", "198.51.100." + i)
				.POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"" + target.slug() + "\",\"email\":\"guess" + (i % 4)
						+ "@" + target.slug() + ".example\",\"password\":\"wrong-" + i + "\"}"))
				.build());
			assertThat(refused.statusCode()).isEqualTo(401);
		}
		String owner = target.ownerToken();
		HttpResponse<String> open = await().atMost(Duration.ofSeconds(30))
			.until(() -> Suite.get("/api/security/incidents?status=OPEN", owner),
					(response) -> response.statusCode() == 200
							&& (Integer) JsonPath.read(response.body(), "$.totalItems") == 1);
		assertThat((String) JsonPath.read(open.body(), "$.items[0].type")).isEqualTo("BRUTE_FORCE");
		assertThat((Integer) JsonPath.read(open.body(), "$.items[0].failures")).isGreaterThanOrEqualTo(10);
		assertThat((Integer) JsonPath.read(open.body(), "$.items[0].accounts")).isEqualTo(4);
		assertThat((String) JsonPath.read(open.body(), "$.items[0].sourceIp")).doesNotStartWith("198.51.100.");
		String id = JsonPath.read(open.body(), "$.items[0].id");

		String other = bystander.ownerToken();
		assertThat(Suite.get("/api/security/incidents/" + id, other).statusCode()).isEqualTo(404);
		assertThat((Integer) JsonPath.read(Suite.get("/api/security/incidents", other).body(), "$.totalItems"))
			.isZero();

		HttpResponse<String> resolved = Suite.post("/api/security/incidents/" + id + "/resolve",
				"{\"resolution\":\"address blocked upstream\"}", owner);
		assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
		assertThat((String) JsonPath.read(resolved.body(), "$.status")).isEqualTo("RESOLVED");
		// the tenant's audit log has both events
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			HttpResponse<String> log = Suite.get("/api/audit/logs?action=io.tenantry.security.", owner);
			List<String> actions = JsonPath.read(log.body(), "$.items[*].action");
			return actions.contains("io.tenantry.security.incident-opened.v1")
					&& actions.contains("io.tenantry.security.incident-resolved.v1");
		});
	}

}
