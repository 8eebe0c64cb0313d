package io.tenantry.tenant.tenant;

enum TenantStatus {

	ACTIVE, SUSPENDED, DELETED

}
