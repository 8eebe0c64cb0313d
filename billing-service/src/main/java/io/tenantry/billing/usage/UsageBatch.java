package io.tenantry.billing.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.InvalidRequestException.FieldError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of {@code POST /api/billing/usage}: one record, an array of records, or
 * {@code {"records": [...]}}, at most {@link #MAX_RECORDS}. Every record is checked before any
 * is stored; a batch with one bad record is refused whole, with each bad field named
 * ({@code records[3].quantity}).
 */
final class UsageBatch {

	static final int MAX_RECORDS = 1000;

	static final int MAX_ATTRIBUTES_LENGTH = 4096;

	/** The largest quantity one record may carry (a petabyte, in bytes). */
	static final long MAX_QUANTITY = 1_000_000_000_000_000L;

	/** How far ahead of the server's clock a timestamp may be (clients' clocks drift). */
	static final Duration MAX_SKEW = Duration.ofMinutes(5);

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:/+=@-]{1,255}");

	private UsageBatch() {
	}

	/**
	 * @param maxAge how old a record's timestamp may be
	 * @return the records, in the order sent
	 * @throws InvalidRequestException naming every bad field
	 */
	static List<UsageRecord> read(JsonNode body, JsonMapper json, Clock clock, Duration maxAge) {
		if (body == null || body.isNull() || body.isMissingNode()) {
			throw new InvalidRequestException("records", "a record or a batch of records is required");
		}
		boolean batch = body.isArray() || (body.isObject() && body.has("records"));
		JsonNode records = body.isObject() && body.has("records") ? body.get("records") : body;
		if (batch && !records.isArray()) {
			throw new InvalidRequestException("records", "must be an array of records");
		}
		List<JsonNode> items = new ArrayList<>();
		if (batch) {
			records.forEach(items::add);
		}
		else {
			items.add(body);
		}
		if (items.isEmpty() || items.size() > MAX_RECORDS) {
			throw new InvalidRequestException("records", "must hold 1 to " + MAX_RECORDS + " records");
		}
		Instant now = clock.instant();
		List<FieldError> errors = new ArrayList<>();
		List<UsageRecord> accepted = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			String at = batch ? "records[" + i + "]." : "";
			UsageRecord record = read(items.get(i), at, json, now, maxAge, errors);
			if (record != null) {
				accepted.add(record);
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return accepted;
	}

	private static UsageRecord read(JsonNode item, String at, JsonMapper json, Instant now, Duration maxAge,
			List<FieldError> errors) {
		if (!item.isObject()) {
			errors.add(new FieldError(at.isEmpty() ? "record" : at.substring(0, at.length() - 1),
					"must be an object"));
			return null;
		}
		int before = errors.size();
		Metric metric = null;
		JsonNode metricNode = item.get("metric");
		if (metricNode == null || !metricNode.isString()) {
			errors.add(new FieldError(at + "metric", "is required: one of " + reportable()));
		}
		else {
			metric = Metric.named(metricNode.asString());
			if (metric == null || !metric.reportable()) {
				errors.add(new FieldError(at + "metric", (metric == null) ? "must be one of " + reportable()
						: "is measured by Tenantry and cannot be reported; one of " + reportable()));
			}
		}
		long quantity = 0;
		JsonNode quantityNode = item.get("quantity");
		if (quantityNode == null || !quantityNode.isIntegralNumber() || !quantityNode.canConvertToLong()) {
			errors.add(new FieldError(at + "quantity", "is required: a whole number"));
		}
		else {
			quantity = quantityNode.longValue();
			if (quantity < 0 || quantity > MAX_QUANTITY) {
				errors.add(new FieldError(at + "quantity", "must be between 0 and " + MAX_QUANTITY));
			}
		}
		Instant timestamp = now;
		JsonNode timestampNode = item.get("timestamp");
		if (timestampNode != null && !timestampNode.isNull()) {
			timestamp = instant(timestampNode);
			if (timestamp == null) {
				errors.add(new FieldError(at + "timestamp", "must be an ISO-8601 instant (2026-01-31T12:00:00Z)"));
			}
			else if (timestamp.isAfter(now.plus(MAX_SKEW)) || timestamp.isBefore(now.minus(maxAge))) {
				errors.add(new FieldError(at + "timestamp",
						"must be within the last " + maxAge.toDays() + " days and not in the future"));
			}
		}
		String key = null;
		JsonNode keyNode = item.get("idempotencyKey");
		if (keyNode == null || !keyNode.isString() || !KEY.matcher(keyNode.asString()).matches()) {
			errors.add(new FieldError(at + "idempotencyKey",
					"is required: 1 to 255 letters, digits or . _ : / + = @ -"));
		}
		else {
			key = keyNode.asString();
		}
		String attributes = null;
		JsonNode attributesNode = item.get("attributes");
		if (attributesNode != null && !attributesNode.isNull()) {
			if (!attributesNode.isObject()) {
				errors.add(new FieldError(at + "attributes", "must be an object"));
			}
			else if (!storable(attributesNode)) {
				errors.add(new FieldError(at + "attributes",
						"must not contain NUL characters or unpaired surrogates"));
			}
			else {
				attributes = json.writeValueAsString(attributesNode);
				if (attributes.length() > MAX_ATTRIBUTES_LENGTH) {
					errors.add(new FieldError(at + "attributes",
							"must be at most " + MAX_ATTRIBUTES_LENGTH + " characters as JSON"));
				}
			}
		}
		for (Map.Entry<String, JsonNode> field : item.properties()) {
			if (!List.of("metric", "quantity", "timestamp", "idempotencyKey", "attributes").contains(field.getKey())) {
				errors.add(new FieldError(at + printable(field.getKey()), "is not a field of a usage record"));
			}
		}
		return (errors.size() == before) ? new UsageRecord(metric, quantity, timestamp, key, attributes) : null;
	}

	private static Instant instant(JsonNode node) {
		return node.isString() ? Instants.parse(node.asString()) : null;
	}

	/** Whether PostgreSQL can store every key and string of {@code node} as text. */
	static boolean storable(JsonNode node) {
		if (node.isString()) {
			return storable(node.asString());
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (!storable(field.getKey()) || !storable(field.getValue())) {
					return false;
				}
			}
		}
		if (node.isArray()) {
			for (JsonNode element : node) {
				if (!storable(element)) {
					return false;
				}
			}
		}
		return true;
	}

	static boolean storable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0) {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static String printable(String name) {
		String shown = storable(name) ? name : "?";
		return (shown.length() > 64) ? shown.substring(0, 64) + "..." : shown;
	}

	private static List<String> reportable() {
		return java.util.Arrays.stream(Metric.values()).filter(Metric::reportable).map(Metric::key).toList();
	}

}
