package io.tenantry.common.test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

/**
 * Reads {@code docs/asyncapi.yaml}: which event types each topic documents. Producer tests
 * check that every type they publish is listed on its topic.
 */
public final class AsyncApiContract {

	private AsyncApiContract() {
	}

	/** The message names (event types) documented on {@code topic}. */
	@SuppressWarnings("unchecked")
	public static Set<String> documentedTypes(String topic) {
		Map<String, Object> document = load();
		Map<String, Object> channels = (Map<String, Object>) document.get("channels");
		Map<String, Object> messages = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
			.get("messages");
		Set<String> types = new LinkedHashSet<>();
		for (Object value : channels.values()) {
			Map<String, Object> channel = (Map<String, Object>) value;
			if (!topic.equals(channel.get("address")) || channel.get("messages") == null) {
				continue;
			}
			for (Object ref : ((Map<String, Object>) channel.get("messages")).values()) {
				String pointer = (String) ((Map<String, Object>) ref).get("$ref");
				String name = pointer.substring(pointer.lastIndexOf('/') + 1);
				types.add((String) ((Map<String, Object>) messages.get(name)).get("name"));
			}
		}
		return types;
	}

	private static Map<String, Object> load() {
		Path file = locate();
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	private static Path locate() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolve("docs/asyncapi.yaml");
			if (Files.exists(candidate)) {
				return candidate;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
	}

}
