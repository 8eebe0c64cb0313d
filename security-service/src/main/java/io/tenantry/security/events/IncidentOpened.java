package io.tenantry.security.events;

import java.time.Instant;
import java.util.UUID;

/**
 * security-service opened an incident: {@code type} BRUTE_FORCE, at least the configured
 * number of failed logins from {@code sourceIp} within the window; {@code accounts} is how
 * many distinct emails they tried (1: one account guessed at; more: a spray). Subject: the
 * incident id. Topic {@code tenantry.security.v1}.
 */
public record IncidentOpened(UUID tenantId, UUID incidentId, String type, String severity, String sourceIp,
		int failures, int accounts, Instant firstSeenAt) {

	public static final String TYPE = "io.tenantry.security.incident-opened.v1";

}
