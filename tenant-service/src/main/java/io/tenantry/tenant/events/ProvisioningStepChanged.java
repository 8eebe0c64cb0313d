package io.tenantry.tenant.events;

import java.util.UUID;

/**
 * An onboarding step of a tenant in PROVISIONING changed. Topic {@code tenantry.tenant.v1}.
 *
 * @param step {@code organization} or {@code owner}
 * @param stepStatus PENDING (asked for again after silence), DONE or FAILED
 * @param attempts how many times the step was asked for
 */
public record ProvisioningStepChanged(UUID tenantId, String step, String stepStatus, int attempts, String detail) {

	public static final String TYPE = "io.tenantry.tenant.provisioning-step-changed.v1";

}
