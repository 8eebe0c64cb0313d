package io.tenantry.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tenantry.localstack.Console;
import io.tenantry.localstack.LocalStack;
import io.tenantry.localstack.Options;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Audit ingest rate: events per second from Kafka to committed, hash-chained rows, beside
 * the baseline of a plain Kafka consumer reading the same records with no database.
 * <p>
 * Starts the whole suite with the local launcher (ports offset by 12000, a fresh data
 * directory), stops audit-service, publishes the events (10 tenants, keyed by tenant, on
 * {@code tenantry.security.v1}, which only audit-service reads), reads them once with the baseline consumer, then starts
 * audit-service and times it from its first committed entry to its last.
 * <p>
 * Usage: {@code benchmarks/run-audit-ingest.sh [events]} (default 100000).
 */
public final class AuditIngestBenchmark {

	// a topic audit-service ingests and no other service acts on
	static final String TOPIC = "tenantry.security.v1";

	static final int TENANTS = 10;

	private AuditIngestBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		Path root = Path.of("").toAbsolutePath();
		Path data = root.resolve("benchmarks/target/ingest-data");
		deleteRecursively(data);
		Console console = new Console(System.out);
		Options options = Options.defaults(root)
			.withDataDir(data)
			.withPortOffset(12000)
			.withAdminPassword("benchmark-admin-password");
		try (LocalStack stack = new LocalStack(options, console)) {
			stack.start();
			stack.stopApp("audit-service");
			String bootstrap = "localhost:" + options.kafkaPort();

			Rate produced = produce(bootstrap, events);
			console.line("produced   %,d events in %.2f s: %,.0f events/s", events, produced.seconds(), produced.perSecond());
			Rate baseline = consumeRaw(bootstrap, events);
			console.line("baseline   plain Kafka consumer, no database: %,.0f events/s", baseline.perSecond());

			long launched = System.nanoTime();
			stack.startApp("audit-service");
			Rate ingest = awaitIngested(options.postgresPort(), events, launched);
			console.line("ingest     audit-service to committed chained rows: %,.0f events/s (%.2f s)",
					ingest.perSecond(), ingest.seconds());
			String chains = chainSummary(options.postgresPort());
			console.line("chains     %s", chains);
			write(root, events, produced, baseline, ingest, chains);
		}
	}

	static Rate produce(String bootstrap, int events) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG,
				262_144, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		List<UUID> tenants = new ArrayList<>();
		for (int i = 0; i < TENANTS; i++) {
			tenants.add(UUID.randomUUID());
		}
		long started = System.nanoTime();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (int i = 0; i < events; i++) {
				UUID tenant = tenants.get(i % TENANTS);
				producer.send(new ProducerRecord<>(TOPIC, tenant.toString(), event(tenant, i)));
			}
			producer.flush();
		}
		return new Rate(events, System.nanoTime() - started);
	}

	/** A usage event as a service would publish it (about 600 bytes). */
	static String event(UUID tenant, int n) {
		return """
				{"specversion":"1.0","id":"%s","source":"/billing-service","type":"io.tenantry.usage.api-call-recorded.v1",\
				"time":"%s","subject":"api-key-%d","tenantid":"%s",\
				"actor":{"type":"client","id":"client-%d","ip":"198.51.100.%d"},"datacontenttype":"application/json",\
				"data":{"resourceType":"api-call","resourceId":"req-%d","method":"GET","path":"/api/things/%d",\
				"status":200,"durationMs":%d,"bytes":%d,"plan":"PROFESSIONAL"}}"""
			.formatted(UUID.randomUUID(), Instant.now(), n % 50, tenant, n % 20, n % 250, n, n % 1000, n % 97,
					1000 + n % 5000);
	}

	/** Reads every record once with a plain consumer that does nothing with them. */
	static Rate consumeRaw(String bootstrap, int events) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ConsumerConfig.GROUP_ID_CONFIG, "benchmark-baseline-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		long first = 0;
		long count = 0;
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of(TOPIC));
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (count < events && System.nanoTime() < deadline) {
				for (var record : consumer.poll(Duration.ofMillis(200))) {
					if (first == 0) {
						first = System.nanoTime();
					}
					count++;
				}
			}
		}
		if (count < events) {
			throw new IllegalStateException("baseline consumer read " + count + " of " + events);
		}
		return new Rate(events, System.nanoTime() - first);
	}

	/** Polls the audit database until every event is a row; times first row to last. */
	static Rate awaitIngested(int postgresPort, int events, long launched) throws SQLException, InterruptedException {
		long first = 0;
		try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/audit_service",
				"postgres", "postgres")) {
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
			while (System.nanoTime() < deadline) {
				long rows = count(db, "select count(*) from audit_entry");
				if (rows > 0 && first == 0) {
					first = System.nanoTime();
				}
				if (rows >= events) {
					return new Rate(events, System.nanoTime() - first);
				}
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}
		throw new IllegalStateException("audit-service did not ingest " + events + " events in 15 minutes");
	}

	static String chainSummary(int postgresPort) throws SQLException {
		try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/audit_service",
				"postgres", "postgres")) {
			long tenants = count(db, "select count(*) from audit_chain_head");
			long gaps = count(db, "select count(*) from audit_chain_head h where h.last_seq <> "
					+ "(select count(*) from audit_entry e where e.tenant_id = h.tenant_id)");
			long unlinked = count(db, "select count(*) from audit_entry e join audit_entry p on p.tenant_id = e.tenant_id "
					+ "and p.seq = e.seq - 1 where e.prev_hash <> p.hash");
			return "%d tenants, %d with a gap, %d entries not linked to their predecessor".formatted(tenants, gaps,
					unlinked);
		}
	}

	private static long count(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static void write(Path root, int events, Rate produced, Rate baseline, Rate ingest, String chains)
			throws Exception {
		Path file = root.resolve("benchmarks/results/audit-ingest.md");
		if (!Files.exists(file)) {
			Files.writeString(file, """
					# Audit ingest

					Events per second from Kafka to committed, hash-chained audit rows, beside a plain Kafka
					consumer reading the same records with no database (the baseline). Produced by
					`benchmarks/run-audit-ingest.sh`; each run appends a row. Target: >= 5,000 events/s.

					| date | machine | events | produce events/s | baseline events/s | ingest events/s | ingest / baseline | chains |
					|---|---|---|---|---|---|---|---|
					""");
		}
		String machine = Runtime.getRuntime().availableProcessors() + " cores, "
				+ (Runtime.getRuntime().maxMemory() / (1024 * 1024)) + " MiB heap, JDK " + Runtime.version().feature();
		Files.writeString(file, String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %,.0f | %,.0f | %.2f | %s |%n",
				Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), machine, events, produced.perSecond(),
				baseline.perSecond(), ingest.perSecond(), ingest.perSecond() / baseline.perSecond(), chains),
				java.nio.file.StandardOpenOption.APPEND);
	}

	static void deleteRecursively(Path dir) throws java.io.IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	record Rate(long events, long nanos) {

		double seconds() {
			return this.nanos / 1e9;
		}

		double perSecond() {
			return this.events / seconds();
		}

	}

}
