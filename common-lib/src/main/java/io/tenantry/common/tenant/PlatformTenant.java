package io.tenantry.common.tenant;

import java.util.UUID;

/**
 * The tenant that owns the platform itself: the platform operators (role
 * {@code PLATFORM_ADMIN}) are its users. Every service seeds it with this fixed id.
 */
public final class PlatformTenant {

	public static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

	public static final String SLUG = "platform";

	private PlatformTenant() {
	}

}
