package io.tenantry.audit.config;

import io.tenantry.common.events.IncomingEvent.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.common.events.DeadLetters;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The audit log must not lose an event: a batch that fails for any reason other than an
 * unreadable record (the database is away, say) is retried until it succeeds, backing off
 * to one attempt every 30 s; consumer lag shows it meanwhile. An unreadable record goes
 * straight to {@code <topic>.dlt} (counted, see {@link DeadLetters}).
 */
@Configuration(proxyBeanMethods = false)
class IngestErrorHandling {

	@Bean
	DefaultErrorHandler auditIngestErrorHandler(KafkaTemplate<String, String> kafka, MeterRegistry meters) {
		ConsumerRecordRecoverer recoverer = DeadLetters.recoverer(kafka, meters);
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(30_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class);
		return handler;
	}

}
