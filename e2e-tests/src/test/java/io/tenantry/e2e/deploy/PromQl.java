package io.tenantry.e2e.deploy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metric names a PromQL expression (or a Grafana variable query) reads, and the names
 * the applications publish today ({@code deploy/grafana/metrics-exposed.txt}).
 */
public final class PromQl {

	/** Not published by the applications: Prometheus records it for every target. */
	static final Set<String> RECORDED_BY_PROMETHEUS = Set.of("up");

	private static final Pattern LABEL_VALUES_OF_METRIC = Pattern
		.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?)\\s*,\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)");

	private static final Pattern LABEL_VALUES_OF_LABEL = Pattern
		.compile("label_values\\(\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)");

	private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

	private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	/** A name that is neither part of a longer token nor a function call. */
	private static final Pattern NAME = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "atan2", "inf", "nan");

	private PromQl() {
	}

	static Set<String> metricNames(String expression) {
		String text = LABEL_VALUES_OF_METRIC.matcher(expression).replaceAll("$1 ");
		text = LABEL_VALUES_OF_LABEL.matcher(text).replaceAll(" ");
		text = GRAFANA_VARIABLE.matcher(text).replaceAll(" ");
		text = STRING.matcher(text).replaceAll(" ");
		text = LABEL_MATCHERS.matcher(text).replaceAll(" ");
		text = RANGE.matcher(text).replaceAll(" ");
		text = LABEL_LIST.matcher(text).replaceAll(" ");
		Set<String> names = new LinkedHashSet<>();
		Matcher name = NAME.matcher(text);
		while (name.find()) {
			if (!KEYWORDS.contains(name.group().toLowerCase(Locale.ROOT))) {
				names.add(name.group());
			}
		}
		return names;
	}

	/** The allow-list: one metric name per line, {@code #} comments. */
	public static Set<String> exposedMetrics() {
		return Project.read(Project.file("deploy/grafana/metrics-exposed.txt"))
			.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/** The names {@code expression} reads that no application publishes. */
	static Set<String> unknownMetrics(String expression, Set<String> exposed) {
		Set<String> unknown = new LinkedHashSet<>(metricNames(expression));
		unknown.removeAll(exposed);
		unknown.removeAll(RECORDED_BY_PROMETHEUS);
		return unknown;
	}

}
