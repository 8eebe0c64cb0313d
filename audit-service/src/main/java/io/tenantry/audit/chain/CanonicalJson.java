package io.tenantry.audit.chain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * RFC 8785 JSON Canonicalization Scheme: object members sorted by their UTF-16 code units,
 * no insignificant whitespace, numbers in their ECMAScript shortest form, strings with the
 * minimal escaping. Two JSON texts with the same data have the same canonical form.
 */
public final class CanonicalJson {

	private CanonicalJson() {
	}

	public static String of(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, out);
		return out.toString();
	}

	private static void write(JsonNode node, StringBuilder out) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			out.append("null");
		}
		else if (node.isObject()) {
			List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
			members.sort(Map.Entry.comparingByKey());
			out.append('{');
			for (int i = 0; i < members.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				string(members.get(i).getKey(), out);
				out.append(':');
				write(members.get(i).getValue(), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(node.get(i), out);
			}
			out.append(']');
		}
		else if (node.isString()) {
			string(node.asString(), out);
		}
		else if (node.isBoolean()) {
			out.append(node.asBoolean());
		}
		else if (node.isNumber()) {
			out.append(number(node.asDouble()));
		}
		else {
			string(node.asString(), out);
		}
	}

	/** ECMAScript Number::toString, as RFC 8785 requires. */
	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			throw new IllegalArgumentException("JSON has no " + value);
		}
		if (value == 0) {
			return "0";
		}
		BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
		String digits = exact.unscaledValue().abs().toString();
		int exponent = digits.length() - exact.scale();
		String sign = (value < 0) ? "-" : "";
		int k = digits.length();
		if (k <= exponent && exponent <= 21) {
			return sign + digits + "0".repeat(exponent - k);
		}
		if (0 < exponent && exponent <= 21) {
			return sign + digits.substring(0, exponent) + "." + digits.substring(exponent);
		}
		if (-6 < exponent && exponent <= 0) {
			return sign + "0." + "0".repeat(-exponent) + digits;
		}
		int e = exponent - 1;
		String mantissa = (k == 1) ? digits : digits.charAt(0) + "." + digits.substring(1);
		return sign + mantissa + "e" + ((e >= 0) ? "+" : "-") + Math.abs(e);
	}

	/** {@code value} as a JSON string, with RFC 8785's minimal escaping. */
	public static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2);
		string(value, out);
		return out.toString();
	}

	private static void string(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
