package io.tenantry.tenant.tenant;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultRegion the region of a tenant created without one
 * @param deletionGracePeriod how long a deleted tenant can be restored before it is purged
 * @param purgeInterval how often due deletions are looked for
 */
@ConfigurationProperties("tenantry.tenants")
record TenantProperties(@DefaultValue("eu-central-1") String defaultRegion,
		@DefaultValue("30d") Duration deletionGracePeriod, @DefaultValue("1m") Duration purgeInterval) {

}
