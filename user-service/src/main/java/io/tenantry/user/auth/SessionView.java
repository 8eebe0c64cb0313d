package io.tenantry.user.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An open session, as its user and their administrators see it. */
record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String ip, String userAgent,
		List<String> methods) {

}
