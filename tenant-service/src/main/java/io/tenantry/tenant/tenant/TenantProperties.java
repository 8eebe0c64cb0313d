package io.tenantry.tenant.tenant;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultRegion the region of a tenant created without one
 * @param deletionGracePeriod how long a deleted tenant can be restored before it is purged
 * @param purgeInterval how often due deletions are looked for
 * @param provisioningSteps the onboarding steps a new tenant waits for, each claimed by the
 * service that reports it: {@code organization} (organization-service's root
 * organization), {@code owner} (user-service's invitation of the first OWNER, when the
 * tenant names one). A step no service claims is left out and not waited for.
 * @param stepTimeout how long a step may stay silent before it is asked for again
 * @param stepAttempts how many times a step is asked for before it is reported FAILED
 * @param signupsPerHour self-service sign-ups allowed per client address and hour
 */
@ConfigurationProperties("tenantry.tenants")
record TenantProperties(@DefaultValue("eu-central-1") String defaultRegion,
		@DefaultValue("30d") Duration deletionGracePeriod, @DefaultValue("1m") Duration purgeInterval,
		@DefaultValue({ "organization", "owner" }) List<String> provisioningSteps,
		@DefaultValue("30s") Duration stepTimeout, @DefaultValue("3") int stepAttempts,
		@DefaultValue("5") int signupsPerHour) {

}
