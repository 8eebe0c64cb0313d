package io.tenantry.billing.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tenantry.billing.usage}: how long raw records are kept (rollups are kept for good),
 * how old a reported record may be, and how often old records are deleted.
 */
@ConfigurationProperties("tenantry.billing.usage")
record UsageProperties(@DefaultValue("90d") Duration rawRetention, @DefaultValue("35d") Duration maxAge,
		@DefaultValue("1h") Duration retentionInterval) {

	UsageProperties {
		if (maxAge.compareTo(rawRetention) > 0) {
			throw new IllegalArgumentException(
					"tenantry.billing.usage.max-age must not exceed raw-retention: a record older than its key's "
							+ "retention could be counted twice");
		}
	}

}
