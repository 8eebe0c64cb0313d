package io.tenantry.audit.log;

import java.util.ArrayList;
import java.util.List;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.IncomingEvent.MalformedEventException;
import io.tenantry.common.events.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes every domain topic but {@code tenantry.usage.v1}, a poll's worth of records at a
 * time, and records each event once. Usage events are measurements (the gateway's API-call
 * counts every few seconds, user-service's seat counts), not actions: the actions behind them
 * are on the other topics, and usage a tenant's client reports is recorded through billing's
 * {@code usage-reported} event. Any event type is recorded, including types this service has never heard of. A
 * record that is not a readable event goes to its topic's dead-letter topic: the records
 * before it are recorded first, the ones after it are consumed next. A tenant's
 * {@code tenant.deleted} purges its log once the batch is recorded.
 */
@Component
class AuditIngest {

	private final AuditJournal journal;

	private final AuditTenantPurge purge;

	AuditIngest(AuditJournal journal, AuditTenantPurge purge) {
		this.journal = journal;
		this.purge = purge;
	}

	@KafkaListener(id = "audit-ingest", batch = "true", topics = { Topics.TENANT, Topics.ORGANIZATION, Topics.USER,
			Topics.BILLING, Topics.SECURITY, Topics.AUDIT })
	void onEvents(List<String> messages) {
		List<IncomingEvent> events = new ArrayList<>(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			try {
				events.add(IncomingEvent.parse(messages.get(i)));
			}
			catch (MalformedEventException ex) {
				this.journal.appendAll(events);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		this.journal.appendAll(events);
		events.stream()
			.filter((event) -> AuditTenantPurge.DELETED.equals(event.type()))
			.forEach((event) -> this.purge.purge(event.tenantId()));
	}

}
