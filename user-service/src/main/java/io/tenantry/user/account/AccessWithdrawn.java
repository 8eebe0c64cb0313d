package io.tenantry.user.account;

import java.util.UUID;

/**
 * Published in the transaction that takes a user's access away (disabled, locked by an
 * admin, password changed): their sessions must end with it, except {@code keepSession}
 * when set (the session that changed the password). {@code reason} becomes the sessions'
 * revocation reason.
 */
public record AccessWithdrawn(UUID tenantId, UUID userId, String reason, UUID keepSession) {

	public AccessWithdrawn(UUID tenantId, UUID userId, String reason) {
		this(tenantId, userId, reason, null);
	}

}
