package io.tenantry.audit.retention;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultDays how long entries are kept for a tenant whose plan is not known and
 * that has no retention of its own
 * @param plans retention in days by plan; a tenant's own retention overrides it
 * @param monthsAhead month partitions created ahead of time
 */
@ConfigurationProperties("tenantry.audit.retention")
public record RetentionProperties(@DefaultValue("90") int defaultDays, Map<String, Integer> plans,
		@DefaultValue("2") int monthsAhead) {

	/** Basic 90 days, Professional 1 year, Enterprise 7 years, unless configured. */
	public static final Map<String, Integer> DEFAULT_PLANS = Map.of("BASIC", 90, "PROFESSIONAL", 365, "ENTERPRISE",
			2555);

	public RetentionProperties {
		plans = (plans == null || plans.isEmpty()) ? DEFAULT_PLANS : Map.copyOf(plans);
	}

}
