package io.tenantry.e2e.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Prometheus finds the applications through Eureka and scrapes their actuator endpoint;
 * its alert rules read only metrics that exist today.
 */
class PrometheusConfigTests {

	@Test
	void applicationsAreDiscoveredThroughEurekaAndScrapedOnTheirActuatorEndpoint() {
		Map<String, Object> config = Nodes.map(Project.yaml(Project.file("deploy/prometheus/prometheus.yml")));
		List<Map<String, Object>> jobs = Nodes.list(config.get("scrape_configs")).stream().map(Nodes::map).toList();
		Map<String, Object> eureka = jobs.stream()
			.filter((job) -> job.containsKey("eureka_sd_configs"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no scrape job with eureka_sd_configs"));
		assertThat(eureka).containsEntry("metrics_path", "/actuator/prometheus");
		assertThat(Nodes.map(Nodes.list(eureka.get("eureka_sd_configs")).get(0)))
			.containsEntry("server", "http://discovery:" + Project.port("discovery") + "/eureka");
		// discovery does not register with itself: it needs its own job
		assertThat(jobs).anyMatch((job) -> "/actuator/prometheus".equals(job.get("metrics_path"))
				&& String.valueOf(job.get("static_configs")).contains("discovery:" + Project.port("discovery")));
	}

	@Test
	void prometheusReadsTheAlertRulesFromWhereComposeMountsThem() {
		Map<String, Object> config = Nodes.map(Project.yaml(Project.file("deploy/prometheus/prometheus.yml")));
		assertThat(Nodes.list(config.get("rule_files"))).containsExactly("/etc/prometheus/alerts.yml");
		Object prometheus = Nodes.at(Project.yaml(Project.file("docker-compose.yml")), "services", "prometheus");
		assertThat(Nodes.list(Nodes.at(prometheus, "volumes"))).contains("./deploy/prometheus:/etc/prometheus:ro");
	}

	@Test
	void everyAlertReadsOnlyMetricsTheApplicationsPublishAndSaysHowBadItIs() {
		Set<String> exposed = PromQl.exposedMetrics();
		Object alerts = Project.yaml(Project.file("deploy/prometheus/alerts.yml"));
		List<Object> groups = Nodes.list(Nodes.at(alerts, "groups"));
		List<Map<String, Object>> rules = groups.stream()
			.flatMap((group) -> Nodes.list(Nodes.at(group, "rules")).stream())
			.map(Nodes::map)
			.toList();
		assertThat(rules).isNotEmpty();
		for (Map<String, Object> rule : rules) {
			String expression = String.valueOf(rule.get("expr"));
			assertThat(PromQl.metricNames(expression)).as("%s reads a metric", rule.get("alert")).isNotEmpty();
			assertThat(PromQl.unknownMetrics(expression, exposed)).as("%s: %s", rule.get("alert"), expression)
				.isEmpty();
			assertThat(Nodes.at(rule, "labels", "severity")).as("%s severity", rule.get("alert")).isIn("warning",
					"critical");
			assertThat(Nodes.at(rule, "annotations", "summary")).as("%s summary", rule.get("alert")).isNotNull();
		}
	}

	@Test
	void alertRulesPassTheirPromtoolUnitTests() {
		Optional<Path> promtool = Commands.onPath("promtool");
		assumeTrue(promtool.isPresent(), "promtool is not on the PATH (Debian: apt-get install prometheus), so "
				+ "deploy/prometheus/alerts-tests.yml was not run; the other checks of this class ran regardless");
		Commands.Result check = Commands.run(List.of(promtool.get().toString(), "check", "rules",
				"deploy/prometheus/alerts.yml"));
		assertThat(check.exitCode()).as(check.describe()).isZero();
		Commands.Result test = Commands.run(List.of(promtool.get().toString(), "test", "rules",
				"deploy/prometheus/alerts-tests.yml"));
		assertThat(test.exitCode()).as(test.describe()).isZero();
	}

}
