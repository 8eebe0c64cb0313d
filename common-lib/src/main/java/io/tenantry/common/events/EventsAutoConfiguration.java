package io.tenantry.common.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tenantry.common.events.IncomingEvent.MalformedEventException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event backbone every service shares: the transactional outbox and its relay on the
 * producing side; once-only handling, retries with back-off and a dead-letter topic on the
 * consuming side.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean(JdbcTemplate.class)
@EnableConfigurationProperties(EventsProperties.class)
@EnableScheduling
public class EventsAutoConfiguration {

	/** Time for domain code; tests replace it to move the clock. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Every domain topic and its dead-letter topic, created at start-up when missing, so
	 * consumers can subscribe before the first event is published. The tenant topic keeps
	 * its events for ever.
	 */
	@Bean
	KafkaAdmin.NewTopics tenantryTopics(EventsProperties properties) {
		List<NewTopic> topics = new ArrayList<>();
		for (String topic : Topics.ALL) {
			TopicBuilder builder = TopicBuilder.name(topic)
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor());
			if (topic.equals(Topics.TENANT)) {
				// few events, and the whole history is how a new consumer learns each
				// tenant's status (the gateway's suspensions, user-service's directory)
				builder.config(TopicConfig.RETENTION_MS_CONFIG, "-1");
			}
			topics.add(builder.build());
			topics.add(TopicBuilder.name(topic + Topics.DEAD_LETTER_SUFFIX)
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.build());
		}
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

	@Bean
	@ConditionalOnMissingBean
	EventOutbox eventOutbox(JdbcTemplate jdbc, ObjectProvider<JsonMapper> json, ObjectProvider<Clock> clock,
			@Value("${spring.application.name}") String applicationName) {
		return new EventOutbox(jdbc, json.getIfAvailable(() -> JsonMapper.builder().build()),
				clock.getObject(), applicationName);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "tenantry.events.relay-enabled", havingValue = "true", matchIfMissing = true)
	OutboxRelay outboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
			EventsProperties properties, ObjectProvider<MeterRegistry> meters) {
		return new OutboxRelay(jdbc, transactions, kafka, properties, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessedEvents processedEvents(JdbcTemplate jdbc, TransactionTemplate transactions,
			ObjectProvider<MeterRegistry> meters) {
		return new ProcessedEvents(jdbc, transactions, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	/**
	 * Retries a failing message with exponential back-off, then publishes it to
	 * {@code <topic>.dlt} (same key, so the same tenant order) and moves on, so one poison
	 * message never blocks its partition. Malformed messages skip the retries. Each dead
	 * letter is counted in {@code tenantry.events.dead.lettered} by the topic it came from.
	 */
	/**
	 * Spring Kafka observes record listeners only; a batch listener falls back to its
	 * container's own timer, of the same name ({@code spring.kafka.listener}) with other tag
	 * keys, which Prometheus refuses beside the observed listeners' meters: whichever
	 * registers second is dropped, with a warning. Batch containers keep no timer of their
	 * own, so every listener timer a service publishes is an observed one.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> batchListenersWithoutConflictingTimers() {
		return (container) -> {
			if (container.getContainerProperties().getMessageListener() instanceof BatchMessageListener<?, ?>) {
				container.getContainerProperties().setMicrometerEnabled(false);
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler tenantryKafkaErrorHandler(KafkaTemplate<String, String> kafka, EventsProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		ConsumerRecordRecoverer recoverer = DeadLetters.recoverer(kafka,
				meters.getIfAvailable(SimpleMeterRegistry::new));
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.consumerRetries());
		backOff.setInitialInterval(properties.consumerBackoff().toMillis());
		backOff.setMultiplier(2.0);
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class);
		return handler;
	}

}
