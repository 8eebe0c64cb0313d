package io.tenantry.billing.subscription;

/** The plans tenant-service assigns; their prices are billing-service's configuration. */
enum Plan {

	BASIC, PROFESSIONAL, ENTERPRISE

}
