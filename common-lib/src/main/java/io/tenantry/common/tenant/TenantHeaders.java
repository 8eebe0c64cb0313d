package io.tenantry.common.tenant;

/** Headers the gateway sets from the verified token; clients cannot set them. */
public final class TenantHeaders {

	public static final String TENANT_ID = "X-Tenant-Id";

	public static final String USER_ID = "X-User-Id";

	public static final String USER_ROLES = "X-User-Roles";

	public static final String REQUEST_ID = "X-Request-Id";

	private TenantHeaders() {
	}

}
