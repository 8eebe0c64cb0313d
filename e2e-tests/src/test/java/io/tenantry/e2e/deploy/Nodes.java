package io.tenantry.e2e.deploy;

import java.util.List;
import java.util.Map;

/** Walks the maps and lists that SnakeYAML builds. */
final class Nodes {

	private Nodes() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node) {
		if (!(node instanceof Map<?, ?>)) {
			throw new AssertionError("Expected a mapping but found " + node);
		}
		return (Map<String, Object>) node;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object node) {
		if (!(node instanceof List<?>)) {
			throw new AssertionError("Expected a sequence but found " + node);
		}
		return (List<Object>) node;
	}

	/** The value at {@code path}, or {@code null} when any step of it is missing. */
	static Object at(Object node, String... path) {
		Object current = node;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

}
