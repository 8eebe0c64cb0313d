package io.tenantry.audit.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultDays how long a tenant's entries are kept unless its own retention says
 * otherwise (the Basic plan's 90 days)
 * @param monthsAhead month partitions created ahead of time
 */
@ConfigurationProperties("tenantry.audit.retention")
public record RetentionProperties(@DefaultValue("90") int defaultDays, @DefaultValue("2") int monthsAhead) {

}
