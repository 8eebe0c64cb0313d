package io.tenantry.common.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends committed outbox rows to Kafka in the order they were written, then marks them
 * published in the same transaction that locked them. One instance of a service relays at
 * a time (transaction-scoped advisory lock), so replicas never send concurrently and each
 * tenant's events keep their order. When Kafka is down the batch rolls back and is tried
 * again: events are delayed, never lost; a send that succeeded just before a failure may
 * be sent again, which consumers absorb by deduplicating on the event id.
 * <p>
 * Each record carries the W3C {@code traceparent} of the transaction that wrote the event,
 * so a consumer's span (listener observation) joins the trace of the request that caused it.
 */
public class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** Advisory lock key: one relay per database. */
	static final long RELAY_LOCK = 0x7e_4a_0b_01L;

	/** The W3C trace context header. */
	static final String TRACE_PARENT = "traceparent";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, String> kafka;

	private final EventsProperties properties;

	private final MeterRegistry meters;

	private volatile int consecutiveFailures;

	public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
			EventsProperties properties) {
		this(jdbc, transactions, kafka, properties, new SimpleMeterRegistry());
	}

	/**
	 * @param meters where {@code tenantry.events.published} (per topic) and
	 * {@code tenantry.outbox.pending} (the backlog, read when scraped) are kept
	 */
	public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
			EventsProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
		this.meters = meters;
		for (String topic : Topics.ALL) {
			published(topic);
		}
		Gauge.builder("tenantry.outbox.pending", this, OutboxRelay::backlogOrNaN)
			.description("Events in the outbox not yet sent to Kafka")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${tenantry.events.relay-interval:200ms}")
	public void relayScheduled() {
		try {
			while (relayBatch() == this.properties.relayBatchSize()) {
				// a full batch: more may be waiting
			}
			this.consecutiveFailures = 0;
		}
		catch (RuntimeException ex) {
			if (this.consecutiveFailures++ % 50 == 0) {
				log.warn("Outbox relay cannot publish yet (attempt {}): {}", this.consecutiveFailures, ex.getMessage());
			}
		}
	}

	/**
	 * Sends one batch of pending events.
	 * @return how many were sent (0 when another instance holds the relay lock)
	 */
	public int relayBatch() {
		Integer sent = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.outbox_relay', 'on', true)", String.class);
			Boolean locked = this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, RELAY_LOCK);
			if (!Boolean.TRUE.equals(locked)) {
				return 0;
			}
			List<Pending> batch = this.jdbc.query("""
					select tenant_id, id, topic, event_id, payload, trace_parent from event_outbox
					where published_at is null order by id limit ? for update""",
					(rs, row) -> new Pending(rs.getObject("tenant_id", UUID.class), rs.getLong("id"),
							rs.getString("topic"), rs.getObject("event_id", UUID.class), rs.getString("payload"),
							rs.getString("trace_parent")),
					this.properties.relayBatchSize());
			if (batch.isEmpty()) {
				return 0;
			}
			List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>();
			for (Pending event : batch) {
				ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.tenantId().toString(),
						event.payload());
				record.headers().add("content-type", "application/cloudevents+json".getBytes());
				record.headers().add("ce_id", event.eventId().toString().getBytes());
				if (event.traceParent() != null) {
					record.headers().add(TRACE_PARENT, event.traceParent().getBytes(StandardCharsets.US_ASCII));
				}
				sends.add(this.kafka.send(record));
			}
			this.kafka.flush();
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.orTimeout(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.join();
			this.jdbc.batchUpdate("update event_outbox set published_at = now() where tenant_id = ? and id = ?",
					batch.stream().map((event) -> new Object[] { event.tenantId(), event.id() }).toList());
			batch.forEach((event) -> published(event.topic()).increment());
			return batch.size();
		});
		return (sent != null) ? sent : 0;
	}

	/**
	 * Deletes events sent longer ago than {@code tenantry.events.published-retention} (7 days
	 * by default), every tenant's, in batches, so that the outbox stays the size of its recent
	 * traffic. Pending events are never deleted.
	 * @return how many were deleted
	 */
	@Scheduled(fixedDelayString = "${tenantry.events.purge-interval:1h}",
			initialDelayString = "${tenantry.events.purge-interval:1h}")
	public int purgePublished() {
		int deleted = 0;
		int batch;
		do {
			Integer count = this.transactions.execute((tx) -> {
				this.jdbc.queryForObject("select set_config('app.outbox_relay', 'on', true)", String.class);
				return this.jdbc.update("""
						delete from event_outbox where (tenant_id, id) in (
						    select tenant_id, id from event_outbox
						    where published_at < now() - make_interval(secs => ?) limit 5000)""",
						(double) this.properties.publishedRetention().toSeconds());
			});
			batch = (count != null) ? count : 0;
			deleted += batch;
		}
		while (batch == 5000);
		return deleted;
	}

	/** How many events wait to be sent, all tenants together. */
	public long backlog() {
		Long count = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.outbox_relay', 'on', true)", String.class);
			return this.jdbc.queryForObject("select count(*) from event_outbox where published_at is null", Long.class);
		});
		return (count != null) ? count : 0;
	}

	private Counter published(String topic) {
		return Counter.builder("tenantry.events.published")
			.description("Events sent from the outbox to Kafka and acknowledged")
			.tag("topic", topic)
			.register(this.meters);
	}

	private double backlogOrNaN() {
		try {
			return backlog();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private record Pending(UUID tenantId, long id, String topic, UUID eventId, String payload, String traceParent) {
	}

}
