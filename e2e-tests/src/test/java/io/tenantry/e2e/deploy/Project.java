package io.tenantry.e2e.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The checkout these tests read: its applications (the root POM's modules that have an
 * {@code application.yml}), the domain services among them (those with Flyway
 * migrations) and their ports, so that a new module is held to the same rules without
 * editing the tests.
 */
final class Project {

	private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

	private Project() {
	}

	static Path root() {
		Path here = Path.of("").toAbsolutePath();
		return Files.exists(here.resolve("e2e-tests")) ? here : here.getParent();
	}

	static Path file(String relative) {
		return root().resolve(relative);
	}

	/** Every module that runs as an application: discovery, config-server, gateway, the services. */
	static List<String> applications() {
		List<String> applications = new ArrayList<>();
		Matcher modules = MODULE.matcher(read(file("pom.xml")));
		while (modules.find()) {
			String module = modules.group(1).trim();
			if (Files.isRegularFile(file(module).resolve("src/main/resources/application.yml"))) {
				applications.add(module);
			}
		}
		return applications;
	}

	/** The applications that own a database (each has Flyway migrations). */
	static List<String> domainServices() {
		return applications().stream()
			.filter((app) -> Files.isDirectory(file(app).resolve("src/main/resources/db/migration")))
			.toList();
	}

	/** {@code server.port} from the application's own {@code application.yml}. */
	static int port(String application) {
		Map<String, Object> config = Nodes.map(yaml(file(application).resolve("src/main/resources/application.yml")));
		return ((Number) Nodes.at(config, "server", "port")).intValue();
	}

	static Object yaml(Path path) {
		try (Reader reader = Files.newBufferedReader(path)) {
			return new Yaml().load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
