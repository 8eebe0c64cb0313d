package io.tenantry.organization.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An invitation to an organization changed. Topic {@code tenantry.organization.v1},
 * subject: the invitation's id. Never carries the token.
 *
 * @param userId for an acceptance, the member; null when the invitee has no account yet,
 * and user-service then creates one (INVITED, MEMBER) and sends its own invitation to set
 * a password
 */
public record InvitationEvent(UUID tenantId, UUID invitationId, UUID organizationId, String email, String role,
		Instant expiresAt, UUID userId) {

	public static final String CREATED = "io.tenantry.organization.invitation-created.v1";

	public static final String ACCEPTED = "io.tenantry.organization.invitation-accepted.v1";

	public static final String REVOKED = "io.tenantry.organization.invitation-revoked.v1";

	public static final String EXPIRED = "io.tenantry.organization.invitation-expired.v1";

}
