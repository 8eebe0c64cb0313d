package io.tenantry.billing.usage;

import java.util.Arrays;
import java.util.List;

/**
 * What Tenantry meters, each with one way of adding up: a {@link Kind#COUNTER} is summed over
 * a period (API calls), a {@link Kind#LEVEL} is what its latest record says (users, projects,
 * bytes stored). Tenants' clients report only the metrics marked {@code reportable}; the
 * others are measured by Tenantry itself (the gateway, user-service).
 */
public enum Metric {

	API_CALLS("api_calls", Kind.COUNTER, false), USERS("users", Kind.LEVEL, false),
	PROJECTS("projects", Kind.LEVEL, true), STORAGE_BYTES("storage_bytes", Kind.LEVEL, true);

	/** How a metric's records add up. */
	public enum Kind {

		COUNTER, LEVEL

	}

	private final String key;

	private final Kind kind;

	private final boolean reportable;

	Metric(String key, Kind kind, boolean reportable) {
		this.key = key;
		this.kind = kind;
		this.reportable = reportable;
	}

	/** The metric's name in the API, events and limits ({@code api_calls}, ...). */
	public String key() {
		return this.key;
	}

	public Kind kind() {
		return this.kind;
	}

	public boolean reportable() {
		return this.reportable;
	}

	/** The metric named {@code key}, or {@code null}. */
	public static Metric named(String key) {
		for (Metric metric : values()) {
			if (metric.key.equals(key)) {
				return metric;
			}
		}
		return null;
	}

	public static List<String> names() {
		return Arrays.stream(values()).map(Metric::key).toList();
	}

}
