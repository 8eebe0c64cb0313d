package io.tenantry.user.events;

import java.util.UUID;

/** An API client was revoked: it gets no new tokens. Subject: the client id. Topic {@code tenantry.user.v1}. */
public record ApiClientRevoked(UUID tenantId, UUID apiClientId, String clientId) {

	public static final String TYPE = "io.tenantry.auth.api-client-revoked.v1";

}
