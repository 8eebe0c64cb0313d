package io.tenantry.tenant.tenant;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.IncomingEvent.MalformedEventException;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The tenant's status and plan follow billing-service (decision 13), which owns the plan and
 * collects the money:
 * <ul>
 * <li>{@code subscription-unpaid}: every retry of an invoice's payment failed; an ACTIVE
 * tenant is suspended for non-payment;</li>
 * <li>{@code subscription-recovered}: the failed invoices are paid; a tenant suspended for
 * non-payment is reactivated, one an operator suspended is not;</li>
 * <li>{@code entitlements-changed}: a plan took effect; it becomes the tenant's.</li>
 * </ul>
 * What follows is published as an operator's change would be, with the system as the actor.
 * Each event is applied once; other billing events, the platform tenant's and unknown
 * tenants' are ignored.
 */
@Component
class BillingUpdates {

	static final String CONSUMER = "tenant-billing";

	static final String SUBSCRIPTION_UNPAID = "io.tenantry.billing.subscription-unpaid.v1";

	static final String SUBSCRIPTION_RECOVERED = "io.tenantry.billing.subscription-recovered.v1";

	static final String ENTITLEMENTS_CHANGED = "io.tenantry.billing.entitlements-changed.v1";

	private static final Logger log = LoggerFactory.getLogger(BillingUpdates.class);

	private final Tenants tenants;

	private final ProcessedEvents processed;

	BillingUpdates(Tenants tenants, ProcessedEvents processed) {
		this.tenants = tenants;
		this.processed = processed;
	}

	@KafkaListener(id = "tenant-service-billing", topics = Topics.BILLING)
	void on(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (PlatformTenant.ID.equals(event.tenantId())) {
			return;
		}
		switch (event.type()) {
			case SUBSCRIPTION_UNPAID -> {
				String reason = unpaid(event.data());
				this.processed.handleOnce(CONSUMER, event, (e) -> {
					if (this.tenants.suspendForNonPayment(e.tenantId(), reason)) {
						log.info("Tenant {} suspended: {}", e.tenantId(), reason);
					}
				});
			}
			case SUBSCRIPTION_RECOVERED -> this.processed.handleOnce(CONSUMER, event, (e) -> {
				if (this.tenants.reactivateAfterPayment(e.tenantId())) {
					log.info("Tenant {} reactivated: its unpaid invoices are paid", e.tenantId());
				}
			});
			case ENTITLEMENTS_CHANGED -> {
				Plan plan = plan(event.data());
				this.processed.handleOnce(CONSUMER, event, (e) -> this.tenants.followPlan(e.tenantId(), plan));
			}
			default -> {
				// the other billing events are not the tenant's status or plan
			}
		}
	}

	private static String unpaid(JsonNode data) {
		String invoice = (data != null && data.hasNonNull("invoiceNumber")) ? data.get("invoiceNumber").asString()
				: null;
		return (invoice != null && !invoice.isBlank()) ? "Invoice " + invoice.strip() + " is unpaid"
				: "An invoice is unpaid";
	}

	/** A plan this service does not know is not skipped: it goes to the dead-letter topic. */
	private static Plan plan(JsonNode data) {
		if (data == null || !data.hasNonNull("plan")) {
			throw new MalformedEventException(ENTITLEMENTS_CHANGED + " without a plan");
		}
		try {
			return Plan.valueOf(data.get("plan").asString());
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedEventException(ENTITLEMENTS_CHANGED + " with an unknown plan " + data.get("plan"));
		}
	}

}
