package io.tenantry.e2e.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generic chart (deploy/helm/service) with each application's values file: it lints,
 * and what it renders is what a cluster should run. helm comes from the build
 * (deploy/tools/fetch-helm.sh, run by exec-maven-plugin before the tests): no network here.
 */
class HelmChartTests {

	private static final String CHART = "deploy/helm/service";

	private static Path helm;

	@BeforeAll
	static void findHelm() {
		String configured = System.getProperty("tenantry.helm",
				Path.of(System.getProperty("user.home"), ".cache", "tenantry", "helm", "helm").toString());
		helm = Path.of(configured);
		assertThat(Files.isExecutable(helm))
			.as("helm is fetched by the build (generate-test-resources) or by deploy/tools/fetch-helm.sh; "
					+ "not found at %s", helm)
			.isTrue();
	}

	static List<String> applications() {
		return Project.applications();
	}

	@Test
	void everyApplicationHasOneValuesFileAndNoValuesFileIsStray() throws Exception {
		List<String> applications = Project.applications();
		assertThat(applications).contains("discovery", "config-server", "gateway", "tenant-service");
		try (Stream<Path> files = Files.list(Project.file("deploy/helm/values"))) {
			List<String> valuesFiles = files.map((file) -> file.getFileName().toString().replaceFirst("\\.yaml$", ""))
				.toList();
			assertThat(valuesFiles).containsExactlyInAnyOrderElementsOf(applications);
		}
	}

	@ParameterizedTest
	@MethodSource("applications")
	void chartLintsCleanlyWithTheApplicationsValues(String application) {
		Commands.Result lint = helm("lint", CHART, "--strict", "-f", valuesFile(application));
		assertThat(lint.exitCode()).as(lint.describe()).isZero();
	}

	@ParameterizedTest
	@MethodSource("applications")
	void deploymentProbesTheActuatorGroupsOnTheApplicationsPort(String application) {
		Map<String, Object> container = container(render(application), application);
		int port = Project.port(application);
		Map<String, Object> httpPort = Nodes.map(Nodes.list(container.get("ports")).get(0));
		assertThat(httpPort).containsEntry("name", "http").containsEntry("containerPort", port);
		assertThat(Nodes.at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(Nodes.at(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
		assertThat(Nodes.at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat(Nodes.at(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
		assertThat(Nodes.at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
	}

	@ParameterizedTest
	@MethodSource("applications")
	void deploymentSetsResourceRequestsAndLimits(String application) {
		Map<String, Object> container = container(render(application), application);
		assertThat(Nodes.at(container, "resources", "limits", "memory")).as("memory limit").isNotNull();
		assertThat(Nodes.at(container, "resources", "limits", "cpu")).as("cpu limit").isNotNull();
		assertThat(Nodes.at(container, "resources", "requests", "memory")).as("memory request").isNotNull();
		assertThat(Nodes.at(container, "resources", "requests", "cpu")).as("cpu request").isNotNull();
	}

	@ParameterizedTest
	@MethodSource("applications")
	void podRunsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp(String application) {
		List<Map<String, Object>> objects = render(application);
		Map<String, Object> pod = podSpec(objects, application);
		Map<String, Object> container = container(objects, application);
		assertThat(Nodes.at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(Nodes.at(container, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(Nodes.at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(Nodes.at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
		String tmpVolume = Nodes.list(container.get("volumeMounts"))
			.stream()
			.map(Nodes::map)
			.filter((mount) -> "/tmp".equals(mount.get("mountPath")))
			.map((mount) -> (String) mount.get("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing is mounted on /tmp"));
		assertThat(Nodes.list(pod.get("volumes")).stream().map(Nodes::map))
			.anyMatch((volume) -> tmpVolume.equals(volume.get("name")) && volume.containsKey("emptyDir"));
	}

	@ParameterizedTest
	@MethodSource("applications")
	void imageIsTheApplicationsAtTheChartsAppVersionNeverLatest(String application) {
		String image = (String) container(render(application), application).get("image");
		Object chart = Project.yaml(Project.file(CHART + "/Chart.yaml"));
		String appVersion = String.valueOf(Nodes.at(chart, "appVersion"));
		assertThat(image).isEqualTo("tenantry/" + application + ":" + appVersion).doesNotEndWith(":latest");
	}

	@Test
	void renderingRefusesTheLatestTag() {
		Commands.Result result = helm("template", "tenant-service", CHART, "-f", valuesFile("tenant-service"), "--set",
				"image.tag=latest");
		assertThat(result.exitCode()).as(result.describe()).isNotZero();
	}

	@ParameterizedTest
	@MethodSource("applications")
	void shutdownLeavesTheEndpointsBeforeTheJvmStopsGracefully(String application) {
		List<Map<String, Object>> objects = render(application);
		Map<String, Object> container = container(objects, application);
		List<Object> preStop = Nodes.list(Nodes.at(container, "lifecycle", "preStop", "exec", "command"));
		assertThat(preStop.get(0)).isEqualTo("sleep");
		int sleep = Integer.parseInt(String.valueOf(preStop.get(1)));
		assertThat(sleep).isPositive();
		// Spring's graceful shutdown waits up to 30 s (spring.lifecycle.timeout-per-shutdown-phase)
		assertThat(((Number) podSpec(objects, application).get("terminationGracePeriodSeconds")).intValue())
			.isGreaterThan(sleep + 30);
	}

	@ParameterizedTest
	@MethodSource("applications")
	void configComesFromTheReleasesConfigMapAndCredentialsFromASecret(String application) {
		List<Map<String, Object>> objects = render(application);
		Map<String, Object> configMap = only(objects, "ConfigMap");
		List<Map<String, Object>> envFrom = Nodes.list(container(objects, application).get("envFrom"))
			.stream()
			.map(Nodes::map)
			.toList();
		assertThat(envFrom).anyMatch((source) -> Nodes.at(configMap, "metadata", "name")
			.equals(Nodes.at(source, "configMapRef", "name")));
		assertThat(objects).noneMatch((object) -> "Secret".equals(object.get("kind")));
		if (Project.domainServices().contains(application)) {
			assertThat(envFrom).anyMatch((source) -> (application + "-credentials")
				.equals(Nodes.at(source, "secretRef", "name")));
			Commands.Result withoutSecret = helm("template", application, CHART, "-f", valuesFile(application), "--set",
					"existingSecret=");
			assertThat(withoutSecret.exitCode()).as("renders without its Secret: " + withoutSecret.describe())
				.isNotZero();
		}
	}

	@ParameterizedTest
	@MethodSource("applications")
	void serviceExposesTheApplicationsPortUnderItsName(String application) {
		Map<String, Object> service = only(render(application), "Service");
		assertThat(Nodes.at(service, "metadata", "name")).isEqualTo(application);
		Map<String, Object> port = Nodes.map(Nodes.list(Nodes.at(service, "spec", "ports")).get(0));
		assertThat(port).containsEntry("port", Project.port(application)).containsEntry("targetPort", "http");
	}

	@ParameterizedTest
	@MethodSource("applications")
	void podsCarryPrometheusScrapeAnnotations(String application) {
		Map<String, Object> annotations = Nodes
			.map(Nodes.at(only(render(application), "Deployment"), "spec", "template", "metadata", "annotations"));
		assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/path", "/actuator/prometheus")
			.containsEntry("prometheus.io/port", String.valueOf(Project.port(application)));
	}

	@ParameterizedTest
	@MethodSource("applications")
	void disruptionBudgetAndAutoscalerSelectTheDeployment(String application) {
		List<Map<String, Object>> objects = render(application);
		Map<String, Object> deployment = only(objects, "Deployment");
		Object podLabels = Nodes.at(deployment, "spec", "selector", "matchLabels");
		assertThat(Nodes.at(only(objects, "PodDisruptionBudget"), "spec", "selector", "matchLabels"))
			.isEqualTo(podLabels);
		Optional<Map<String, Object>> autoscaler = objects.stream()
			.filter((object) -> "HorizontalPodAutoscaler".equals(object.get("kind")))
			.findFirst();
		if (application.equals("discovery")) {
			// one Eureka registry until replicas are configured as peers: one pod, no autoscaler
			assertThat(autoscaler).isEmpty();
			assertThat(Nodes.at(deployment, "spec", "replicas")).isEqualTo(1);
		}
		else {
			assertThat(autoscaler).as("HorizontalPodAutoscaler").isPresent();
			assertThat(Nodes.at(autoscaler.get(), "spec", "scaleTargetRef", "name")).isEqualTo(application);
			assertThat(((Number) Nodes.at(autoscaler.get(), "spec", "minReplicas")).intValue())
				.isGreaterThanOrEqualTo(2);
			assertThat(Nodes.at(deployment, "spec", "replicas")).as("the autoscaler owns the replica count").isNull();
		}
	}

	private static Commands.Result helm(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(helm.toString());
		command.addAll(List.of(arguments));
		return Commands.run(command);
	}

	private static String valuesFile(String application) {
		return "deploy/helm/values/" + application + ".yaml";
	}

	private static List<Map<String, Object>> render(String application) {
		Commands.Result result = helm("template", application, CHART, "-f", valuesFile(application));
		assertThat(result.exitCode()).as(result.describe()).isZero();
		return StreamSupport.stream(new Yaml().loadAll(result.output()).spliterator(), false)
			.filter((document) -> document != null)
			.map(Nodes::map)
			.collect(Collectors.toList());
	}

	private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
		List<Map<String, Object>> matching = objects.stream()
			.filter((object) -> kind.equals(object.get("kind")))
			.toList();
		assertThat(matching).as("rendered %s objects", kind).hasSize(1);
		return matching.get(0);
	}

	private static Map<String, Object> podSpec(List<Map<String, Object>> objects, String application) {
		Map<String, Object> deployment = only(objects, "Deployment");
		assertThat(Nodes.at(deployment, "metadata", "name")).isEqualTo(application);
		return Nodes.map(Nodes.at(deployment, "spec", "template", "spec"));
	}

	private static Map<String, Object> container(List<Map<String, Object>> objects, String application) {
		List<Object> containers = Nodes.list(podSpec(objects, application).get("containers"));
		assertThat(containers).hasSize(1);
		return Nodes.map(containers.get(0));
	}

}
