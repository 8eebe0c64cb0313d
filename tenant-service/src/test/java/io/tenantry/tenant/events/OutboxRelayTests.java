package io.tenantry.tenant.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.EventsProperties;
import io.tenantry.common.events.OutboxRelay;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.test.KafkaProbe;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outbox relay against the real database and broker. */
@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class OutboxRelayTests {

	static final String TYPE = "io.tenantry.tenant.relay-checked.v1";

	@Autowired
	EventOutbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	EventsProperties properties;

	@Test
	void concurrentRelaysSendEveryEventOnceAndInTheOrderWritten() {
		UUID tenant = UUID.randomUUID();
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((tx) -> {
			for (int i = 0; i < 300; i++) {
				this.outbox.append(Topics.TENANT, TYPE, "t-1", Map.of("n", i));
			}
		}));
		// two more relays (as two more replicas would run) beside the scheduled one
		OutboxRelay second = new OutboxRelay(this.jdbc, this.transactions, this.kafka, this.properties);
		OutboxRelay third = new OutboxRelay(this.jdbc, this.transactions, this.kafka, this.properties);
		CompletableFuture.allOf(CompletableFuture.runAsync(() -> drain(second)),
				CompletableFuture.runAsync(() -> drain(third)))
			.join();
		await().atMost(Duration.ofSeconds(20)).until(() -> second.backlog() == 0);

		List<Integer> received = KafkaProbe.read(Topics.TENANT, Duration.ofSeconds(4))
			.stream()
			.filter((record) -> tenant.toString().equals(record.key()))
			.map(ConsumerRecord::value)
			.map((json) -> JsonPath.<Integer>read(json, "$.data.n"))
			.toList();
		assertThat(received).hasSize(300);
		assertThat(received).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void anEventWhoseTransactionRollsBackIsNeverSent() {
		UUID tenant = UUID.randomUUID();
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((tx) -> {
			this.outbox.append(Topics.TENANT, TYPE, "t-2", Map.of("n", -1));
			tx.setRollbackOnly();
		}));
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult(
				(tx) -> this.outbox.append(Topics.TENANT, TYPE, "t-2", Map.of("n", 1))));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> new OutboxRelay(this.jdbc, this.transactions, this.kafka, this.properties).backlog() == 0);
		List<String> sent = KafkaProbe.read(Topics.TENANT, Duration.ofSeconds(3))
			.stream()
			.filter((record) -> tenant.toString().equals(record.key()))
			.map(ConsumerRecord::value)
			.toList();
		assertThat(sent).hasSize(1);
		assertThat((Integer) JsonPath.read(sent.get(0), "$.data.n")).isEqualTo(1);
	}

	@Test
	void sentEventsPastTheirRetentionAreDeletedPendingOnesNever() {
		UUID tenant = UUID.randomUUID();
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((tx) -> {
			for (int i = 0; i < 3; i++) {
				this.outbox.append(Topics.TENANT, TYPE, "t-4", Map.of("n", i));
			}
		}));
		OutboxRelay relay = new OutboxRelay(this.jdbc, this.transactions, this.kafka, this.properties);
		await().atMost(Duration.ofSeconds(20)).until(() -> relay.backlog() == 0);
		List<Long> ids = owner().queryForList("select id from event_outbox where tenant_id = ? order by id", Long.class,
				tenant);
		// the first sent 8 days ago, the second yesterday, the third pending still
		owner().update("update event_outbox set published_at = now() - interval '8 days' where tenant_id = ? and id = ?",
				tenant, ids.get(0));
		owner().update("update event_outbox set published_at = now() - interval '1 day' where tenant_id = ? and id = ?",
				tenant, ids.get(1));
		owner().update("update event_outbox set published_at = null where tenant_id = ? and id = ?", tenant,
				ids.get(2));
		assertThat(relay.purgePublished()).isPositive();
		assertThat(owner().queryForList("select id from event_outbox where tenant_id = ? order by id", Long.class,
				tenant)).containsExactly(ids.get(1), ids.get(2));
		owner().update("update event_outbox set published_at = now() where tenant_id = ?", tenant);
	}

	private static JdbcTemplate owner() {
		return new JdbcTemplate(io.tenantry.common.test.SharedPostgres.instance().getDatabase("postgres", "tenant_service"));
	}

	@Test
	void anEventCannotBeRecordedOutsideATransaction() {
		UUID tenant = UUID.randomUUID();
		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(org.springframework.transaction.IllegalTransactionStateException.class)
			.isThrownBy(() -> TenantContext.runAs(tenant,
					() -> this.outbox.append(Topics.TENANT, TYPE, "t-3", Map.of("n", 0))));
	}

	private static void drain(OutboxRelay relay) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (relay.backlog() > 0 && System.nanoTime() < deadline) {
			relay.relayBatch();
		}
	}

}
