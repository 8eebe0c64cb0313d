package io.tenantry.tenant.events;

import java.util.List;
import java.util.UUID;

/**
 * A tenant's configuration was replaced. Topic {@code tenantry.tenant.v1}. Carries what
 * changed, not the custom settings themselves.
 *
 * @param changed the top-level parts that changed: branding, locale, timeZone, features,
 * settings
 */
public record TenantConfigChanged(UUID tenantId, List<String> changed) {

	public static final String TYPE = "io.tenantry.tenant.config-changed.v1";

}
