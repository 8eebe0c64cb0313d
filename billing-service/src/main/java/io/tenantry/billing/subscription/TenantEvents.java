package io.tenantry.billing.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.tenantry.billing.plan.Plan;
import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import tools.jackson.databind.JsonNode;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each tenant's subscription in step with tenant-service: created starts it on the
 * tenant's plan, a scheduled deletion cancels it, a restored deletion resumes it, and the
 * tenant's name is kept as the buyer of its invoices. Plan changes are billing's own
 * ({@code /api/billing/subscriptions}); tenant-service follows them, not the reverse. Each event counts once. A tenant created more than a
 * day before billing-service learns of it (a new deployment reading the topic from its
 * start) is billed from now, not for the periods before.
 */
@Component
class TenantEvents {

	static final String CONSUMER = "billing-subscriptions";

	static final String CREATED = "io.tenantry.tenant.created.v1";

	static final String UPDATED = "io.tenantry.tenant.updated.v1";

	static final String DELETION_SCHEDULED = "io.tenantry.tenant.deletion-scheduled.v1";

	static final String REACTIVATED = "io.tenantry.tenant.reactivated.v1";

	static final Duration BACKDATING_LIMIT = Duration.ofDays(1);

	private final ProcessedEvents processed;

	private final Subscriptions subscriptions;

	private final Clock clock;

	TenantEvents(ProcessedEvents processed, Subscriptions subscriptions, Clock clock) {
		this.processed = processed;
		this.subscriptions = subscriptions;
		this.clock = clock;
	}

	@KafkaListener(id = "billing-service-tenants", topics = Topics.TENANT)
	void onTenantEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (event.tenantId() == null || PlatformTenant.ID.equals(event.tenantId()) || event.data() == null) {
			return;
		}
		JsonNode data = event.data();
		switch (event.type()) {
			case CREATED -> plan(data).ifPresent((plan) -> this.processed.handleOnce(CONSUMER, event, (e) -> {
				this.subscriptions.start(e.tenantId(), plan, startOf(e));
				this.subscriptions.customerName(e.tenantId(), name(data));
			}));
			case UPDATED -> {
				// the plan is billing's own (decision 13): only the name, for the buyer on invoices
				if (changed(data, "name") && name(data) != null) {
					this.processed.handleOnce(CONSUMER, event,
							(e) -> this.subscriptions.customerName(e.tenantId(), name(data)));
				}
			}
			case DELETION_SCHEDULED ->
				this.processed.handleOnce(CONSUMER, event, (e) -> this.subscriptions.cancel(e.tenantId()));
			case REACTIVATED -> {
				if ("PENDING_DELETION".equals(data.path("previousStatus").asString(""))) {
					this.processed.handleOnce(CONSUMER, event,
							(e) -> this.subscriptions.resume(e.tenantId(), startOf(e)));
				}
			}
			default -> {
			}
		}
	}

	private Instant startOf(IncomingEvent event) {
		Instant now = this.clock.instant();
		Instant at = (event.time() != null) ? event.time() : now;
		return at.isBefore(now.minus(BACKDATING_LIMIT)) || at.isAfter(now) ? now : at;
	}

	private static Optional<Plan> plan(JsonNode data) {
		String plan = data.path("plan").asString("");
		for (Plan candidate : Plan.values()) {
			if (candidate.name().equals(plan)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private static String name(JsonNode data) {
		String name = data.path("name").asString("");
		return name.isBlank() ? null : name;
	}

	private static boolean changed(JsonNode data, String field) {
		for (JsonNode name : data.path("changed")) {
			if (field.equals(name.asString(""))) {
				return true;
			}
		}
		return false;
	}

}
