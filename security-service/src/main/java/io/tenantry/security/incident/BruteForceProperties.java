package io.tenantry.security.incident;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The brute-force rule: {@code maxFailures} failed logins of one tenant from one address
 * within {@code window} open an incident.
 * @param maxFailures failures that open an incident
 * @param window how far back failures count together
 */
@ConfigurationProperties("tenantry.security.brute-force")
record BruteForceProperties(@DefaultValue("10") int maxFailures, @DefaultValue("5m") Duration window) {

	BruteForceProperties {
		if (maxFailures < 2) {
			throw new IllegalArgumentException("tenantry.security.brute-force.max-failures must be at least 2");
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("tenantry.security.brute-force.window must be positive");
		}
	}

}
