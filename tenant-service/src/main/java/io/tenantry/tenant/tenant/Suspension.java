package io.tenantry.tenant.tenant;

/**
 * Why a tenant is SUSPENDED: a platform operator's decision, or an invoice billing-service
 * could not collect. A payment lifts only the second.
 */
enum Suspension {

	OPERATOR, NONPAYMENT

}
