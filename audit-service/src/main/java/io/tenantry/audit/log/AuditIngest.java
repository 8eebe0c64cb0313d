package io.tenantry.audit.log;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes every domain topic and records each event once. Any event type is recorded,
 * including types this service has never heard of; a message that is not a readable event
 * goes to the topic's dead-letter topic.
 */
@Component
class AuditIngest {

	static final String CONSUMER = "audit-log";

	private final ProcessedEvents processed;

	private final AuditJournal journal;

	AuditIngest(ProcessedEvents processed, AuditJournal journal) {
		this.processed = processed;
		this.journal = journal;
	}

	@KafkaListener(id = "audit-ingest", topics = { Topics.TENANT, Topics.ORGANIZATION, Topics.USER, Topics.BILLING,
			Topics.SECURITY, Topics.USAGE })
	void onEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		this.processed.handleOnce(CONSUMER, event, this.journal::append);
	}

}
