package io.tenantry.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A service goes away and comes back; the gateway degrades to 503 and recovers. */
@Order(10)
class ResilienceE2ETests {

	/** The gateway's route timeout (tenantry.gateway.route-timeout). */
	static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(5);

	@BeforeAll
	static void suiteIsRunning() {
		Suite.stack();
	}

	@Test
	void stoppedServiceAnswers503ProblemJsonAndTheRouteRecovers() throws Exception {
		String token = Suite.adminToken();
		String path = "/api/tenants/" + Suite.PLATFORM_TENANT;
		assertThat(Suite.get(path, token).statusCode()).isEqualTo(200);

		Suite.stack().stopApp("tenant-service");
		long started = System.nanoTime();
		HttpResponse<String> down = Suite.get(path, token);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(down.body()).contains("https://tenantry.io/problems/service-unavailable")
			.contains("tenant-service");
		assertThat(took).isLessThanOrEqualTo(ROUTE_TIMEOUT);

		Suite.stack().startApp("tenant-service");
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(Suite.get(path, token).statusCode()).isEqualTo(200));
	}

}
