package io.tenantry.common.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Where a record that cannot be handled goes: {@code <topic>.dlt}, same key (so the same
 * tenant order), counted in {@code tenantry.events.dead.lettered} by the topic it came from.
 */
public final class DeadLetters {

	private DeadLetters() {
	}

	/**
	 * A recoverer for an error handler: publishes to the dead-letter topic, then counts.
	 * Every topic's counter is registered at once, at zero.
	 */
	public static ConsumerRecordRecoverer recoverer(KafkaTemplate<?, ?> kafka, MeterRegistry meters) {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
		for (String topic : Topics.ALL) {
			counter(meters, topic);
		}
		return (record, ex) -> {
			publisher.accept(record, ex);
			counter(meters, record.topic()).increment();
		};
	}

	private static Counter counter(MeterRegistry meters, String topic) {
		return Counter.builder("tenantry.events.dead.lettered")
			.description("Events that could not be handled and went to the topic's dead-letter topic")
			.tag("topic", topic)
			.register(meters);
	}

}
