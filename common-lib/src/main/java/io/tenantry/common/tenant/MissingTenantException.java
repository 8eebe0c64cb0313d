package io.tenantry.common.tenant;

import org.springframework.security.access.AccessDeniedException;

/** Thrown when tenant-scoped work runs without a tenant: refused, never defaulted. */
public class MissingTenantException extends AccessDeniedException {

	public MissingTenantException() {
		super("No tenant in the current context");
	}

}
