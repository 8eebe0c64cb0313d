package io.tenantry.tenant.tenant;

enum Plan {

	BASIC, PROFESSIONAL, ENTERPRISE

}
