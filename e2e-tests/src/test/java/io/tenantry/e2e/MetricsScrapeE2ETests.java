package io.tenantry.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tenantry.e2e.deploy.PromQl;
import io.tenantry.localstack.App;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every application of the running suite publishes Prometheus metrics tagged with its name
 * and instance, and every metric name in deploy/grafana/metrics-exposed.txt (which the
 * dashboards and alerts are checked against) is published by at least one of them.
 */
@Order(9)
class MetricsScrapeE2ETests {

	static final Map<String, String> scrapes = new LinkedHashMap<>();

	@BeforeAll
	static void scrapeEveryApplicationAfterSomeTraffic() {
		Suite.stack();
		// a login, a refused one, routed and refused calls: the series that appear with use
		String token = Suite.adminToken();
		Suite.get(AuthenticationE2ETests.PLATFORM_TENANT_PATH, token);
		Suite.get("/api/organizations", token);
		Suite.get(AuthenticationE2ETests.PLATFORM_TENANT_PATH, null);
		for (App app : App.all()) {
			HttpResponse<String> scrape = Suite.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + Suite.stack().options().port(app) + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build());
			assertThat(scrape.statusCode()).as("%s /actuator/prometheus", app.name()).isEqualTo(200);
			scrapes.put(app.name(), scrape.body());
		}
	}

	@Test
	void everyApplicationTagsItsMetricsWithItsNameAndInstance() {
		assertThat(scrapes.keySet()).containsAll(App.all().stream().map(App::name).toList());
		scrapes.forEach((app, body) -> assertThat(body.lines().filter((line) -> line.startsWith("jvm_info{")))
			.as(app)
			.isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains("application=\"" + app + "\"").contains("instance=\"")));
	}

	@Test
	void everyMetricTheDashboardsAndAlertsMayReadIsPublishedByAnApplication() {
		Set<String> published = new TreeSet<>();
		scrapes.values()
			.forEach((body) -> body.lines()
				.filter((line) -> !line.startsWith("#") && !line.isBlank())
				.map((line) -> line.split("[{ ]", 2)[0])
				.forEach(published::add));
		assertThat(published).as("metric names published by the running applications")
			.containsAll(PromQl.exposedMetrics());
	}

	@Test
	void noMetricIsTaggedWithATenant() {
		scrapes.forEach((app, body) -> assertThat(body).as(app).doesNotContain("tenant_id=").doesNotContain("tenantId="));
	}

}
