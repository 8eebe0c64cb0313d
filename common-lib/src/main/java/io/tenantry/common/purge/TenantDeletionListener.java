package io.tenantry.common.purge;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.Topics;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * Purges a tenant's data when tenant-service announces the end of its deletion grace
 * period ({@code io.tenantry.tenant.deleted.v1}). A purge is idempotent, so the event is
 * not recorded as handled: that record would itself be a row of the tenant.
 */
public class TenantDeletionListener {

	public static final String DELETED = "io.tenantry.tenant.deleted.v1";

	private final TenantData data;

	public TenantDeletionListener(TenantData data) {
		this.data = data;
	}

	@KafkaListener(id = "${spring.application.name}-tenant-purge", topics = Topics.TENANT)
	void on(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (DELETED.equals(event.type())) {
			this.data.purge(event.tenantId());
		}
	}

}
