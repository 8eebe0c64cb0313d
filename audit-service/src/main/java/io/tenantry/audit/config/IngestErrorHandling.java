package io.tenantry.audit.config;

import io.tenantry.common.events.IncomingEvent.MalformedEventException;
import io.tenantry.common.events.Topics;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The audit log must not lose an event: a batch that fails for any reason other than an
 * unreadable record (the database is away, say) is retried until it succeeds, backing off
 * to one attempt every 30 s; consumer lag shows it meanwhile. An unreadable record goes
 * straight to {@code <topic>.dlt}.
 */
@Configuration(proxyBeanMethods = false)
class IngestErrorHandling {

	@Bean
	DefaultErrorHandler auditIngestErrorHandler(KafkaTemplate<String, String> kafka) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(30_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class);
		return handler;
	}

}
