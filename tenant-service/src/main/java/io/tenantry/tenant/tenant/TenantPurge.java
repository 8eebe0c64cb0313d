package io.tenantry.tenant.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Purges the tenants whose deletion grace period is over, every {@code purge-interval}. */
@Component
class TenantPurge {

	private static final Logger logger = LoggerFactory.getLogger(TenantPurge.class);

	private final Tenants tenants;

	TenantPurge(Tenants tenants) {
		this.tenants = tenants;
	}

	@Scheduled(fixedDelayString = "${tenantry.tenants.purge-interval:1m}", initialDelayString = "${tenantry.tenants.purge-interval:1m}")
	void purgeDue() {
		int purged = this.tenants.purgeDue();
		if (purged > 0) {
			logger.info("Purged {} tenant(s) at the end of their deletion grace period", purged);
		}
	}

}
