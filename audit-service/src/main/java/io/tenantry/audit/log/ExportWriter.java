package io.tenantry.audit.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.tenantry.audit.chain.CanonicalJson;

/**
 * Writes audit entries, in chain order, with every field the hash covers: an export can be
 * verified offline by recomputing {@code hash = SHA-256(prev_hash || JCS(entry))}.
 */
final class ExportWriter implements AutoCloseable {

	static final List<String> COLUMNS = List.of("tenant_id", "seq", "event_id", "action", "source", "actor_type",
			"actor_id", "actor_ip", "resource_type", "resource_id", "outcome", "occurred_at", "recorded_at", "prev_hash",
			"hash", "payload");

	private final Writer out;

	private final boolean csv;

	private long rows;

	ExportWriter(OutputStream out, String format) throws IOException {
		this.out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
		this.csv = "csv".equals(format);
		if (this.csv) {
			this.out.write(String.join(",", COLUMNS));
			this.out.write("\r\n");
		}
	}

	void write(ResultSet rs) throws SQLException, IOException {
		if (this.csv) {
			for (int i = 0; i < COLUMNS.size(); i++) {
				if (i > 0) {
					this.out.write(',');
				}
				this.out.write(csv(value(rs, COLUMNS.get(i))));
			}
			this.out.write("\r\n");
		}
		else {
			StringBuilder line = new StringBuilder("{");
			for (int i = 0; i < COLUMNS.size(); i++) {
				String column = COLUMNS.get(i);
				String value = value(rs, column);
				if (i > 0) {
					line.append(',');
				}
				line.append('"').append(column).append("\":");
				if (value == null) {
					line.append("null");
				}
				else if (column.equals("seq")) {
					line.append(value);
				}
				else if (column.equals("payload")) {
					line.append(value); // the event JSON, embedded as received
				}
				else {
					line.append(CanonicalJson.quote(value));
				}
			}
			this.out.write(line.append("}\n").toString());
		}
		this.rows++;
	}

	long rows() {
		return this.rows;
	}

	@Override
	public void close() throws IOException {
		this.out.flush();
	}

	private static String value(ResultSet rs, String column) throws SQLException {
		if (column.endsWith("_at")) {
			java.sql.Timestamp at = rs.getTimestamp(column);
			return (at != null) ? at.toInstant().toString() : null;
		}
		return rs.getString(column);
	}

	static String csv(String value) {
		if (value == null) {
			return "";
		}
		if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
			return '"' + value.replace("\"", "\"\"") + '"';
		}
		return value;
	}


}
