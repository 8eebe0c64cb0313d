package io.tenantry.e2e.deploy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml, read as YAML: every application is there, each container is health
 * checked and memory-limited, start order goes through health checks, data sits in named
 * volumes, our images carry a version. docker-compose itself, when installed, validates it too.
 */
class ComposeFileTests {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)");

	private static final Pattern INIT_SCRIPT_SERVICES = Pattern.compile("(?m)^SERVICES=\\(([^)]*)\\)");

	private static Map<String, Object> compose;

	private static Map<String, Object> services;

	@BeforeAll
	static void readComposeFile() {
		compose = Nodes.map(Project.yaml(Project.file("docker-compose.yml")));
		services = Nodes.map(compose.get("services"));
	}

	@Test
	void everyApplicationModuleHasAService() {
		assertThat(Project.applications()).contains("discovery", "config-server", "gateway", "tenant-service");
		assertThat(services).containsKeys(Project.applications().toArray(String[]::new));
		assertThat(services).containsKeys("postgres", "kafka", "redis", "prometheus", "grafana");
	}

	@Test
	void everyServiceHasAHealthCheck() {
		services.forEach((name, service) -> {
			Object test = Nodes.at(service, "healthcheck", "test");
			assertThat(test).as("%s healthcheck.test", name).isNotNull();
			assertThat(Nodes.at(service, "healthcheck", "disable")).as("%s healthcheck.disable", name)
				.isNotEqualTo(true);
		});
	}

	@Test
	void applicationsAreHealthCheckedOnTheirReadinessGroup() {
		for (String application : Project.applications()) {
			List<Object> test = Nodes.list(Nodes.at(services.get(application), "healthcheck", "test"));
			assertThat(String.valueOf(test)).as(application).contains("/actuator/health/readiness");
		}
	}

	@Test
	void everyServiceHasAMemoryLimit() {
		services.forEach((name, service) -> {
			Object limit = Optional.ofNullable(Nodes.at(service, "deploy", "resources", "limits", "memory"))
				.orElse(Nodes.at(service, "mem_limit"));
			assertThat(limit).as("%s memory limit", name).isNotNull();
		});
	}

	@Test
	void startOrderWaitsForHealthyDependencies() {
		services.forEach((name, service) -> {
			Object dependsOn = Nodes.map(service).get("depends_on");
			if (dependsOn != null) {
				assertThat(dependsOn).as("%s depends_on: the short list form does not wait for health", name)
					.isInstanceOf(Map.class);
				Nodes.map(dependsOn)
					.forEach((dependency, how) -> assertThat(Nodes.at(how, "condition"))
						.as("%s depends on %s", name, dependency)
						.isEqualTo("service_healthy"));
			}
		});
		for (String service : Project.domainServices()) {
			assertThat(Nodes.map(Nodes.at(services.get(service), "depends_on"))).as(service)
				.containsKeys("postgres", "config-server");
		}
		assertThat(Nodes.map(Nodes.at(services.get("config-server"), "depends_on"))).containsKey("discovery");
		assertThat(Nodes.map(Nodes.at(services.get("gateway"), "depends_on"))).containsKey("config-server");
	}

	@Test
	void dataLivesInDeclaredNamedVolumes() {
		Set<String> declared = Nodes.map(compose.get("volumes")).keySet();
		assertThat(declared).isNotEmpty();
		Set<String> used = new LinkedHashSet<>();
		services.forEach((name, service) -> {
			Object volumes = Nodes.map(service).get("volumes");
			if (volumes != null) {
				for (Object volume : Nodes.list(volumes)) {
					String source = String.valueOf(volume).split(":")[0];
					if (!source.startsWith(".") && !source.startsWith("/")) {
						assertThat(declared).as("%s uses volume %s", name, source).contains(source);
						used.add(source);
					}
				}
			}
		});
		assertThat(used).as("declared volumes in use").containsExactlyInAnyOrderElementsOf(declared);
		for (String stateful : List.of("postgres", "kafka", "redis", "prometheus", "grafana")) {
			assertThat(Nodes.list(Nodes.at(services.get(stateful), "volumes")).stream().map(String::valueOf))
				.as("%s keeps its data in a named volume", stateful)
				.anyMatch((volume) -> declared.contains(volume.split(":")[0]));
		}
	}

	@Test
	void ourImagesAreTaggedWithTheReleaseVersionAndNoImageIsLatest() {
		for (String application : Project.applications()) {
			assertThat((String) Nodes.at(services.get(application), "image")).as(application)
				.startsWith("tenantry/" + application + ":${TENANTRY_VERSION")
				.doesNotContain("latest");
			assertThat(Nodes.at(services.get(application), "build", "args", "MODULE")).as(application)
				.isEqualTo(application);
		}
		services.forEach((name, service) -> {
			String image = (String) Nodes.at(service, "image");
			assertThat(image).as("%s image", name).isNotNull().contains(":").doesNotEndWith(":latest");
		});
	}

	@Test
	void postgresCreatesEveryServicesDatabaseWithPasswordsSharedWithThatService() {
		Map<String, Object> postgres = Nodes.map(services.get("postgres"));
		assertThat(Nodes.list(postgres.get("volumes")))
			.contains("./deploy/postgres/init:/docker-entrypoint-initdb.d:ro");
		Matcher initServices = INIT_SCRIPT_SERVICES
			.matcher(Project.read(Project.file("deploy/postgres/init/10-service-databases.sh")));
		assertThat(initServices.find()).as("SERVICES=(...) in the init script").isTrue();
		assertThat(Arrays.asList(initServices.group(1).trim().split("\\s+")))
			.containsExactlyInAnyOrderElementsOf(Project.domainServices());
		Map<String, Object> postgresEnvironment = Nodes.map(postgres.get("environment"));
		for (String service : Project.domainServices()) {
			String prefix = service.replace('-', '_').toUpperCase(Locale.ROOT);
			Map<String, Object> environment = Nodes.map(Nodes.at(services.get(service), "environment"));
			assertThat(environment.get("TENANTRY_DB_OWNER_PASSWORD")).as(service)
				.isEqualTo(postgresEnvironment.get(prefix + "_DB_OWNER_PASSWORD"))
				.isNotNull();
			assertThat(environment.get("TENANTRY_DB_APP_PASSWORD")).as(service)
				.isEqualTo(postgresEnvironment.get(prefix + "_DB_APP_PASSWORD"))
				.isNotNull();
		}
	}

	@Test
	void envExampleDefinesEveryVariableTheComposeFileReadsAndGitIgnoresEnv() {
		String composeText = Project.read(Project.file("docker-compose.yml"));
		Set<String> defined = Project.read(Project.file(".env.example"))
			.lines()
			.filter((line) -> line.matches("[A-Z0-9_]+=.*"))
			.map((line) -> line.substring(0, line.indexOf('=')))
			.collect(Collectors.toSet());
		assertThat(names(VARIABLE, composeText)).isNotEmpty();
		assertThat(defined).containsAll(names(VARIABLE, composeText));
		assertThat(Project.read(Project.file(".gitignore")).lines().map(String::strip)).contains(".env");
	}

	@Test
	void dockerComposeAcceptsTheFileWithTheExampleEnvironment() {
		Optional<Path> dockerCompose = Commands.onPath("docker-compose");
		assumeTrue(dockerCompose.isPresent(), "docker-compose is not on the PATH (Debian: apt-get install "
				+ "docker-compose), so `docker-compose config` was not run; "
				+ "the YAML checks of this class ran regardless");
		Commands.Result result = Commands.run(List.of(dockerCompose.get().toString(), "--env-file", ".env.example",
				"-f", "docker-compose.yml", "config", "-q"));
		assertThat(result.exitCode()).as(result.describe()).isZero();
	}

	private static Set<String> names(Pattern pattern, String text) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
