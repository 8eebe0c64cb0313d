package io.tenantry.audit.log;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tenantry.audit.log.AuditEntry.Outcome;
import io.tenantry.common.web.InvalidRequestException;

/**
 * A validated audit log query: an unknown parameter, a malformed value, a reversed range
 * or an oversized page is refused naming the parameter.
 */
record AuditLogFilter(String actor, String action, String resourceType, String resourceId, Outcome outcome,
		Instant from, Instant to, int limit, Long cursor, String q) {

	static final int MAX_QUERY_LENGTH = 200;

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	static AuditLogFilter from(Map<String, String> parameters, Set<String> allowed) {
		List<InvalidRequestException.FieldError> errors = new ArrayList<>();
		for (String name : parameters.keySet()) {
			if (!allowed.contains(name)) {
				errors.add(new InvalidRequestException.FieldError(name, "is not a supported parameter; use one of "
						+ allowed.stream().sorted().toList()));
			}
		}
		Instant from = instant(parameters, "from", errors);
		Instant to = instant(parameters, "to", errors);
		if (from != null && to != null && from.isAfter(to)) {
			errors.add(new InvalidRequestException.FieldError("from", "must not be after 'to'"));
		}
		Outcome outcome = null;
		String outcomeText = parameters.get("outcome");
		if (outcomeText != null) {
			try {
				outcome = Outcome.valueOf(outcomeText.toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				errors.add(new InvalidRequestException.FieldError("outcome", "must be SUCCESS or FAILURE"));
			}
		}
		int limit = DEFAULT_LIMIT;
		if (parameters.containsKey("limit")) {
			try {
				limit = Integer.parseInt(parameters.get("limit"));
				if (limit < 1 || limit > MAX_LIMIT) {
					errors.add(new InvalidRequestException.FieldError("limit", "must be between 1 and " + MAX_LIMIT));
				}
			}
			catch (NumberFormatException ex) {
				errors.add(new InvalidRequestException.FieldError("limit", "must be a whole number"));
			}
		}
		Long cursor = null;
		if (parameters.containsKey("cursor")) {
			try {
				cursor = Long.parseLong(parameters.get("cursor"));
			}
			catch (NumberFormatException ex) {
				errors.add(new InvalidRequestException.FieldError("cursor", "must be a nextCursor value from a previous page"));
			}
		}
		String q = blankToNull(parameters.get("q"));
		if (allowed.contains("q") && q == null) {
			errors.add(new InvalidRequestException.FieldError("q", "is required: the words to search for"));
		}
		else if (q != null && q.length() > MAX_QUERY_LENGTH) {
			errors.add(new InvalidRequestException.FieldError("q", "must be at most " + MAX_QUERY_LENGTH + " characters"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return new AuditLogFilter(blankToNull(parameters.get("actor")), blankToNull(parameters.get("action")),
				blankToNull(parameters.get("resourceType")), blankToNull(parameters.get("resourceId")), outcome, from,
				to, limit, cursor, q);
	}

	private static Instant instant(Map<String, String> parameters, String name,
			List<InvalidRequestException.FieldError> errors) {
		String value = parameters.get(name);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			errors.add(new InvalidRequestException.FieldError(name, "must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z"));
			return null;
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
