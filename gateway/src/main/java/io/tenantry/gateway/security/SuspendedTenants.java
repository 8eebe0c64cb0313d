package io.tenantry.gateway.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants whose requests the gateway refuses: SUSPENDED, PENDING_DELETION or DELETED,
 * as tenant-service's events last said. Any other status (ACTIVE, PROVISIONING) lifts the
 * refusal.
 */
class SuspendedTenants {

	static final Set<String> REFUSED = Set.of("SUSPENDED", "PENDING_DELETION", "DELETED");

	private final Map<String, String> refused = new ConcurrentHashMap<>();

	void apply(String tenantId, String status) {
		if (REFUSED.contains(status)) {
			this.refused.put(tenantId, status);
		}
		else {
			this.refused.remove(tenantId);
		}
	}

	/** The status that refuses this tenant's requests, if it is refused. */
	Optional<String> refusal(String tenantId) {
		return Optional.ofNullable(this.refused.get(tenantId));
	}

}
