package io.tenantry.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real broker: the gateway is not ready while tenant events published before it
 * was first asked remain unapplied, a suspension among them included; it is once they all
 * are, and stays so when more arrive or the broker goes away.
 */
class TenantDirectoryReadinessTests {

	static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void broker() {
		broker = new EmbeddedKafkaKraftBroker(1, 3, TenantStatusEvents.TOPIC);
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stop() {
		broker.destroy();
	}

	final SuspendedTenants suspended = new SuspendedTenants();

	final TenantDirectoryReadiness readiness = new TenantDirectoryReadiness(
			() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString())),
			TenantStatusEvents.TOPIC);

	final TenantStatusEvents events = new TenantStatusEvents(this.suspended, new TenantPlans(), this.readiness);

	@Test
	void notReadyUntilEveryEarlierEventIsAppliedThenReadyForGood() throws Exception {
		UUID suspendedTenant = UUID.randomUUID();
		try (KafkaProducer<String, String> producer = producer()) {
			for (int i = 0; i < 20; i++) {
				UUID tenant = (i == 13) ? suspendedTenant : UUID.randomUUID();
				producer.send(new ProducerRecord<>(TenantStatusEvents.TOPIC, tenant.toString(),
						event(tenant, (i == 13) ? "SUSPENDED" : "ACTIVE")));
			}
			producer.send(new ProducerRecord<>(TenantStatusEvents.TOPIC, "x", "{not json"));
		}
		assertThat(this.readiness.health().getStatus()).isEqualTo(Status.DOWN);

		List<ConsumerRecord<String, String>> records = readAll(21);
		for (ConsumerRecord<String, String> record : records.subList(0, records.size() - 1)) {
			this.events.on(record.value(), record.partition(), record.offset());
		}
		assertThat(this.readiness.health().getStatus()).as("one record not applied yet").isEqualTo(Status.DOWN);
		ConsumerRecord<String, String> last = records.get(records.size() - 1);
		this.events.on(last.value(), last.partition(), last.offset());
		assertThat(this.readiness.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.suspended.refusal(suspendedTenant.toString())).hasValue("SUSPENDED");

		try (KafkaProducer<String, String> producer = producer()) {
			producer.send(new ProducerRecord<>(TenantStatusEvents.TOPIC, "y", event(UUID.randomUUID(), "ACTIVE")));
		}
		assertThat(this.readiness.health().getStatus()).as("later events are live traffic").isEqualTo(Status.UP);
	}

	@Test
	void notReadyWhileTheBrokerCannotBeAsked() {
		TenantDirectoryReadiness unreachable = new TenantDirectoryReadiness(
				() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9",
						AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000,
						AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000)),
				TenantStatusEvents.TOPIC);
		assertThat(unreachable.health().getStatus()).isEqualTo(Status.DOWN);
	}

	private static List<ConsumerRecord<String, String>> readAll(int count) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of(TenantStatusEvents.TOPIC));
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (records.size() < count && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		assertThat(records).hasSize(count);
		return records;
	}

	private static KafkaProducer<String, String> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
	}

	private static String event(UUID tenant, String status) {
		return "{\"type\":\"io.tenantry.tenant.updated.v1\",\"tenantid\":\"" + tenant + "\",\"data\":{\"tenantId\":\""
				+ tenant + "\",\"status\":\"" + status + "\"}}";
	}

}
