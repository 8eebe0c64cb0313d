package io.tenantry.e2e.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned Grafana dashboards parse, and every metric they query is one the
 * applications publish today (deploy/grafana/metrics-exposed.txt): a panel on a metric that
 * does not exist shows "No data" forever and hides the gap.
 */
class GrafanaDashboardTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	static List<Path> dashboards() throws IOException {
		try (Stream<Path> files = Files.list(Project.file("deploy/grafana/dashboards"))) {
			List<Path> dashboards = files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
			assertThat(dashboards).as("dashboards in deploy/grafana/dashboards").isNotEmpty();
			return dashboards;
		}
	}

	@Test
	void metricNamesAreFoundInPromQlAndGrafanaVariableQueries() {
		assertThat(PromQl.metricNames("sum by (application, uri) (rate(http_server_requests_seconds_count"
				+ "{application=~\"$application\", status=~\"5..\"}[$__rate_interval])) / ignoring(status) "
				+ "sum(rate(http_server_requests_seconds_count[5m] offset 1h)) > bool 0.05"))
			.containsExactly("http_server_requests_seconds_count");
		assertThat(PromQl.metricNames("topk(10, max by (uri) (http_server_requests_seconds_max)) "
				+ "and on (application) hikaricp_connections_active unless up{job=\"x\"}"))
			.containsExactly("http_server_requests_seconds_max", "hikaricp_connections_active", "up");
		assertThat(PromQl.metricNames("label_values(jvm_info{application=\"a,b\"}, application)"))
			.containsExactly("jvm_info");
		assertThat(PromQl.metricNames("label_values(application)")).isEmpty();
	}

	@Test
	void aMetricNoApplicationPublishesIsReported() {
		Set<String> exposed = PromQl.exposedMetrics();
		assertThat(exposed).contains("http_server_requests_seconds_count", "jvm_memory_used_bytes",
				"hikaricp_connections_active", "process_cpu_usage");
		assertThat(PromQl.unknownMetrics("sum(rate(tenantry_logins_failed_total[5m])) / sum(up)", exposed))
			.containsExactly("tenantry_logins_failed_total");
		assertThat(exposed).as("request timers publish histogram buckets, for percentiles")
			.contains("http_server_requests_seconds_bucket", "spring_cloud_gateway_requests_seconds_bucket");
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void dashboardParsesWithAUidATitleAndUniquePanelIds(Path file) {
		JsonNode dashboard = json.readTree(file);
		assertThat(dashboard.path("uid").asString()).as("uid").isNotBlank();
		assertThat(dashboard.path("title").asString()).as("title").isNotBlank();
		List<JsonNode> panels = panels(dashboard);
		assertThat(panels).as("panels").isNotEmpty();
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : panels) {
			assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
		}
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void everyQueryReadsOnlyMetricsTheApplicationsPublish(Path file) {
		JsonNode dashboard = json.readTree(file);
		Set<String> exposed = PromQl.exposedMetrics();
		Map<String, String> queries = queries(dashboard);
		assertThat(queries).as("queries in %s", file.getFileName()).isNotEmpty();
		queries.forEach((where, query) -> {
			assertThat(PromQl.metricNames(query)).as("%s reads a metric: %s", where, query).isNotEmpty();
			assertThat(PromQl.unknownMetrics(query, exposed)).as("%s: %s", where, query).isEmpty();
		});
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void panelsUseTheProvisionedPrometheusDatasource(Path file) {
		Object datasources = Project.yaml(Project.file("deploy/grafana/provisioning/datasources/prometheus.yml"));
		Object uid = Nodes.at(Nodes.map(Nodes.list(Nodes.at(datasources, "datasources")).get(0)), "uid");
		for (JsonNode panel : panels(json.readTree(file))) {
			if (!panel.path("type").asString().equals("row")) {
				assertThat(panel.path("datasource").path("uid").asString()).as("panel %s", panel.path("title"))
					.isEqualTo(uid);
			}
		}
	}

	@Test
	void grafanaLoadsTheDashboardsFromWhereComposeMountsThem() {
		Object providers = Project.yaml(Project.file("deploy/grafana/provisioning/dashboards/tenantry.yml"));
		Object provider = Nodes.list(Nodes.at(providers, "providers")).get(0);
		String path = (String) Nodes.at(provider, "options", "path");
		Object grafana = Nodes.at(Project.yaml(Project.file("docker-compose.yml")), "services", "grafana");
		assertThat(Nodes.list(Nodes.at(grafana, "volumes")))
			.contains("./deploy/grafana/dashboards:" + path + ":ro",
					"./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
	}

	/** Panels, those inside collapsed rows included. */
	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels").values()) {
			panels.add(panel);
			panel.path("panels").values().forEach(panels::add);
		}
		return panels;
	}

	/** Every PromQL expression and variable query, keyed by where it is. */
	private static Map<String, String> queries(JsonNode dashboard) {
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets").values()) {
				String where = "panel \"" + panel.path("title").asString() + "\" target "
						+ target.path("refId").asString();
				queries.put(where, target.path("expr").asString());
			}
		}
		for (JsonNode variable : dashboard.path("templating").path("list").values()) {
			if (variable.path("type").asString().equals("query")) {
				JsonNode query = variable.path("query");
				queries.put("variable $" + variable.path("name").asString(),
						query.isObject() ? query.path("query").asString() : query.asString());
			}
		}
		return queries;
	}

}
