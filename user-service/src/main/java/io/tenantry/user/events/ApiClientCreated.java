package io.tenantry.user.events;

import java.util.List;
import java.util.UUID;

/** A tenant administrator created an API client (client_credentials). Subject: the client id. Topic {@code tenantry.user.v1}. */
public record ApiClientCreated(UUID tenantId, UUID apiClientId, String clientId, String name, List<String> roles, List<String> scopes) {

	public static final String TYPE = "io.tenantry.auth.api-client-created.v1";

}
