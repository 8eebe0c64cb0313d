package io.tenantry.common.test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One embedded KRaft Kafka broker per test JVM, shared by every test context in it. */
public final class SharedKafka {

	private static EmbeddedKafkaKraftBroker broker;

	private SharedKafka() {
	}

	public static synchronized EmbeddedKafkaKraftBroker instance() {
		if (broker == null) {
			broker = new EmbeddedKafkaKraftBroker(1, 3);
			broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
			broker.afterPropertiesSet();
			Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
		}
		return broker;
	}

	public static String bootstrapServers() {
		return instance().getBrokersAsString();
	}

}
