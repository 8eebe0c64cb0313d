package io.tenantry.common.events;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event as a consumer reads it: the envelope's attributes, the raw JSON and its parsed
 * tree, so that a consumer keeps what it needs and ignores fields and types it does not know.
 */
public record IncomingEvent(UUID id, String source, String type, Instant time, String subject, UUID tenantId,
		Actor actor, JsonNode data, String json, JsonNode envelope) {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * Reads a CloudEvents JSON message.
	 * @throws MalformedEventException when it is not JSON or lacks a required attribute;
	 * such a message can never succeed and goes straight to the dead-letter topic
	 */
	public static IncomingEvent parse(String json) {
		try {
			JsonNode root = JSON.readTree(json);
			if (root == null || !root.isObject()) {
				throw new MalformedEventException("not a JSON object");
			}
			Actor actor = root.hasNonNull("actor") ? JSON.treeToValue(root.get("actor"), Actor.class) : null;
			return new IncomingEvent(UUID.fromString(required(root, "id")), required(root, "source"),
					required(root, "type"), Instant.parse(required(root, "time")), text(root, "subject"),
					UUID.fromString(required(root, "tenantid")), actor, root.get("data"), json, root);
		}
		catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException ex) {
			throw new MalformedEventException(ex.getMessage());
		}
	}

	private static String required(JsonNode root, String field) {
		String value = text(root, field);
		if (value == null || value.isBlank()) {
			throw new MalformedEventException("missing attribute " + field);
		}
		return value;
	}

	private static String text(JsonNode root, String field) {
		JsonNode node = root.get(field);
		return (node != null && !node.isNull()) ? node.asString() : null;
	}

	/** A message that is not a readable Tenantry event. */
	public static class MalformedEventException extends RuntimeException {

		public MalformedEventException(String message) {
			super("Malformed event: " + message);
		}

	}

}
