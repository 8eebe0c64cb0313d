package io.tenantry.security.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** A security incident as the API shows it. */
record IncidentView(UUID id, String type, String severity, String status, String sourceIp, int failures,
		int accounts, Instant firstSeenAt, Instant lastSeenAt, Instant openedAt, Instant resolvedAt,
		String resolvedBy, String resolution) {

	static final String COLUMNS = "id, type, severity, status, source_ip, failures, accounts, first_seen_at, "
			+ "last_seen_at, opened_at, resolved_at, resolved_by, resolution";

	static IncidentView of(ResultSet rs) throws SQLException {
		return new IncidentView(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("severity"),
				rs.getString("status"), rs.getString("source_ip"), rs.getInt("failures"), rs.getInt("accounts"),
				instant(rs.getTimestamp("first_seen_at")), instant(rs.getTimestamp("last_seen_at")),
				instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("resolved_at")),
				rs.getString("resolved_by"), rs.getString("resolution"));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
