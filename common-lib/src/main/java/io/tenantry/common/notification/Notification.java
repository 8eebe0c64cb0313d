package io.tenantry.common.notification;

import java.util.UUID;

/**
 * A message to a person, outside the API: a password reset link, an invitation.
 *
 * @param tenantId the tenant the recipient belongs to
 * @param to the recipient's email address
 * @param kind what the message is for ({@code password-reset}, {@code invitation})
 * @param subject the subject line
 * @param body the text, which may carry a single-use token
 * @param token the single-use token the body carries, kept apart so tools can read it
 */
public record Notification(UUID tenantId, String to, String kind, String subject, String body, String token) {

	@Override
	public String toString() {
		return "Notification[kind=" + this.kind + ", to=" + this.to + "]";
	}

}
