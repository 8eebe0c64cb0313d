package io.tenantry.organization.entitlement;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The entitlements of a tenant billing-service has not yet published (seconds after it is
 * created): the smallest plan's, as in user-service, so that a tenant is never unlimited for
 * want of an event.
 *
 * @param defaultPlan the plan name refusals name
 * @param defaultUsers the maximum number of users
 */
@ConfigurationProperties("tenantry.entitlements")
record EntitlementsProperties(@DefaultValue("BASIC") String defaultPlan, @DefaultValue("10") long defaultUsers) {

}
