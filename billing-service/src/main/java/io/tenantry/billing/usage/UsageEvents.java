package io.tenantry.billing.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import tools.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Usage measured by Tenantry's own services ({@code tenantry.usage.v1}): API calls counted by
 * the gateway, users by user-service. Each event becomes one record whose idempotency key is
 * {@code event:<event id>}, so a redelivered event counts once, by the same unique key as a
 * client's retry. An event no retry can make valid (an unknown metric, a negative quantity)
 * is logged and skipped.
 */
@Component
class UsageEvents {

	static final String RECORDED = "io.tenantry.usage.recorded.v1";

	private static final Logger log = LoggerFactory.getLogger(UsageEvents.class);

	private final UsageLedger ledger;

	private final TransactionTemplate transactions;

	private final Clock clock;

	UsageEvents(UsageLedger ledger, TransactionTemplate transactions, Clock clock) {
		this.ledger = ledger;
		this.transactions = transactions;
		this.clock = clock;
	}

	@KafkaListener(id = "billing-service-usage", topics = Topics.USAGE)
	void onUsageEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (!RECORDED.equals(event.type()) || event.tenantId() == null || event.data() == null) {
			return;
		}
		JsonNode data = event.data();
		Metric metric = Metric.named(data.path("metric").asString(""));
		JsonNode quantity = data.path("quantity");
		if (metric == null || !quantity.isIntegralNumber() || !quantity.canConvertToLong() || quantity.longValue() < 0
				|| quantity.longValue() > UsageBatch.MAX_QUANTITY) {
			log.warn("Skipped usage event {} of tenant {}: metric or quantity not valid", event.id(), event.tenantId());
			return;
		}
		Instant at = instant(data.path("windowEnd"), (event.time() != null) ? event.time() : this.clock.instant());
		UsageRecord record = new UsageRecord(metric, quantity.longValue(), at, "event:" + event.id(), null);
		TenantContext.runAs(event.tenantId(), () -> this.transactions
			.executeWithoutResult((tx) -> this.ledger.record(event.tenantId(), List.of(record), "event")));
	}

	private static Instant instant(JsonNode node, Instant otherwise) {
		Instant instant = node.isString() ? Instants.parse(node.asString()) : null;
		return (instant != null) ? instant : otherwise;
	}

}
