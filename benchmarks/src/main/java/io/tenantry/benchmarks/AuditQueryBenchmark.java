package io.tenantry.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.tenantry.localstack.Console;
import io.tenantry.localstack.LocalSigningKey;
import io.tenantry.localstack.LocalStack;
import io.tenantry.localstack.Options;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Audit query latency: {@code GET /api/audit/logs} and {@code /search} on a tenant with
 * {@code big} entries among 10 tenants, p50/p95 over repeated calls to the service, beside
 * the same queries as plain SQL (the runtime role, the tenant set, no HTTP, no JSON).
 * <p>
 * The entries arrive as in production: published to Kafka, ingested and chained by
 * audit-service. Usage: {@code benchmarks/run-audit-query.sh [big] [calls]} (defaults
 * 1000000 and 300).
 */
public final class AuditQueryBenchmark {

	// a topic audit-service ingests and no other service acts on
	static final String TOPIC = "tenantry.security.v1";

	private AuditQueryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int big = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int calls = (args.length > 1) ? Integer.parseInt(args[1]) : 300;
		// "reuse": keep the data directory of the previous run when it holds the same load
		boolean reuse = args.length > 2 && "reuse".equals(args[2]);
		int others = 9;
		int perOther = Math.max(1, big / 100);
		Path root = Path.of("").toAbsolutePath();
		Console console = new Console(System.out);
		Options options = Options.defaults(root)
			.withDataDir(root.resolve("benchmarks/target/query-data"))
			.withPortOffset(12000)
			.withAdminPassword("benchmark-admin-password");
		if (!reuse) {
			AuditIngestBenchmark.deleteRecursively(options.dataDir());
		}
		try (LocalStack stack = new LocalStack(options, console)) {
			stack.start();
			int total = big + others * perOther;
			UUID tenant = reuse ? biggestTenant(options, big) : null;
			if (tenant == null) {
				tenant = UUID.randomUUID();
				long started = System.nanoTime();
				publish(options.kafkaPort(), tenant, big, others, perOther);
				AuditIngestBenchmark.awaitIngested(options.postgresPort(), total, started);
				console.line("loaded     %,d entries (%,d for the measured tenant) in %.0f s", total, big,
						(System.nanoTime() - started) / 1e9);
			}
			else {
				console.line("reusing    the previous run's %,d entries for tenant %s", big, tenant);
			}
			UUID measured = tenant;
			try (Connection owner = DriverManager.getConnection(jdbc(options, "audit_service"), "postgres", "postgres")) {
				owner.createStatement().execute("vacuum analyze audit_entry");
			}
			String token = token(options, tenant);
			String service = "http://localhost:" + options.port(io.tenantry.localstack.App.named("audit-service"));
			String actor = "client-7";
			Map<String, String> queries = new java.util.LinkedHashMap<>();
			queries.put("logs: newest page", "/api/audit/logs?limit=50");
			queries.put("logs: action prefix", "/api/audit/logs?limit=50&action=io.tenantry.usage.");
			queries.put("logs: actor", "/api/audit/logs?limit=50&actor=" + actor);
			queries.put("logs: last hour", "/api/audit/logs?limit=50&from=" + Instant.now().minus(Duration.ofHours(1)));
			queries.put("search: word", "/api/audit/search?limit=50&q=PROFESSIONAL");
			queries.put("search: rare id", "/api/audit/search?limit=50&q=req-4242");
			Map<String, String> baselines = new java.util.LinkedHashMap<>();
			String columns = "tenant_id, seq, event_id, action, source, actor_type, actor_id, actor_ip, resource_type, "
					+ "resource_id, outcome, occurred_at, recorded_at, payload, prev_hash, hash";
			baselines.put("logs: newest page", "select " + columns + " from audit_entry where tenant_id = ? order by seq desc limit 51");
			baselines.put("logs: action prefix", "select " + columns + " from audit_entry where tenant_id = ? and action like 'io.tenantry.usage.%' order by seq desc limit 51");
			baselines.put("logs: actor", "select " + columns + " from audit_entry where tenant_id = ? and actor_id = '" + actor + "' order by seq desc limit 51");
			baselines.put("logs: last hour", "select " + columns + " from audit_entry where tenant_id = ? and occurred_at >= now() - interval '1 hour' order by seq desc limit 51");
			baselines.put("search: word", "select " + columns + " from audit_entry where tenant_id = ? and search @@ websearch_to_tsquery('simple', 'PROFESSIONAL') order by seq desc limit 51");
			baselines.put("search: rare id", "select " + columns + " from audit_entry where tenant_id = ? and search @@ websearch_to_tsquery('simple', 'req-4242') order by seq desc limit 51");

			HttpClient http = HttpClient.newHttpClient();
			List<String> rows = new ArrayList<>();
			try (Connection app = DriverManager.getConnection(jdbc(options, "audit_service"), "audit_service_app",
					"local-only-audit_service-app")) {
				app.setAutoCommit(false);
				// as audit-service does: plan each query for its values, not a generic plan
				app.createStatement().execute("set plan_cache_mode = force_custom_plan");
				for (Map.Entry<String, String> query : queries.entrySet()) {
					long[] api = measure(calls, () -> {
						HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service + query.getValue()))
							.header("Authorization", "Bearer " + token)
							.build(), HttpResponse.BodyHandlers.ofString());
						if (response.statusCode() != 200) {
							throw new IllegalStateException(query.getKey() + ": " + response.statusCode() + " " + response.body());
						}
					});
					long[] sql = measure(calls, () -> {
						try (PreparedStatement set = app.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
							set.setString(1, measured.toString());
							set.executeQuery().close();
						}
						try (PreparedStatement statement = app.prepareStatement(baselines.get(query.getKey()))) {
							statement.setObject(1, measured);
							try (ResultSet rs = statement.executeQuery()) {
								while (rs.next()) {
									rs.getString("payload");
								}
							}
						}
						app.commit();
					});
					String row = String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f |", query.getKey(),
							ms(percentile(api, 50)), ms(percentile(api, 95)), ms(percentile(sql, 50)),
							ms(percentile(sql, 95)), (double) percentile(api, 95) / percentile(sql, 95));
					console.line("%s", row);
					rows.add(row);
				}
			}
			write(root, big, total, calls, rows);
		}
	}

	/** The tenant of a previous run's load, when it is there in full. */
	static UUID biggestTenant(Options options, int big) throws Exception {
		try (Connection db = DriverManager.getConnection(jdbc(options, "audit_service"), "postgres", "postgres");
				ResultSet rs = db.createStatement()
					.executeQuery("select tenant_id, last_seq from audit_chain_head order by last_seq desc limit 1")) {
			return (rs.next() && rs.getLong("last_seq") >= big) ? rs.getObject("tenant_id", UUID.class) : null;
		}
	}

	interface Call {

		void run() throws Exception;

	}

	static long[] measure(int calls, Call call) throws Exception {
		for (int i = 0; i < Math.min(50, calls); i++) {
			call.run(); // warm-up
		}
		long[] nanos = new long[calls];
		for (int i = 0; i < calls; i++) {
			long start = System.nanoTime();
			call.run();
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return nanos;
	}

	static long percentile(long[] sorted, int p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
	}

	static double ms(long nanos) {
		return nanos / 1e6;
	}

	static void publish(int kafkaPort, UUID tenant, int big, int others, int perOther) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG,
				524_288, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			for (int i = 0; i < big; i++) {
				producer.send(new ProducerRecord<>(TOPIC, tenant.toString(), AuditIngestBenchmark.event(tenant, i)));
			}
			for (int t = 0; t < others; t++) {
				UUID other = UUID.randomUUID();
				for (int i = 0; i < perOther; i++) {
					producer.send(new ProducerRecord<>(TOPIC, other.toString(), AuditIngestBenchmark.event(other, i)));
				}
			}
			producer.flush();
		}
	}

	/** An AUDITOR token of {@code tenant}, signed with the issuer's key as user-service would. */
	static String token(Options options, UUID tenant) throws Exception {
		LocalSigningKey.Key key = LocalSigningKey.current(jdbc(options, "user_service"));
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		long now = Instant.now().getEpochSecond();
		String header = b64.encodeToString(("{\"alg\":\"RS256\",\"kid\":\"" + key.kid() + "\"}").getBytes());
		String claims = b64.encodeToString(("{\"iss\":\"http://localhost:" + options.port(io.tenantry.localstack.App.GATEWAY)
				+ "\",\"sub\":\"" + UUID.randomUUID() + "\",\"tid\":\"" + tenant + "\",\"roles\":[\"AUDITOR\"],\"iat\":"
				+ now + ",\"exp\":" + (now + 3600) + "}").getBytes());
		Signature rsa = Signature.getInstance("SHA256withRSA");
		rsa.initSign(key.privateKey());
		rsa.update((header + "." + claims).getBytes());
		return header + "." + claims + "." + b64.encodeToString(rsa.sign());
	}

	static String jdbc(Options options, String database) {
		return "jdbc:postgresql://localhost:" + options.postgresPort() + "/" + database;
	}

	private static void write(Path root, int big, int total, int calls, List<String> rows) throws Exception {
		Path file = root.resolve("benchmarks/results/audit-query.md");
		StringBuilder out = new StringBuilder();
		if (!Files.exists(file)) {
			out.append("""
					# Audit query latency

					`GET /api/audit/logs` and `/api/audit/search` on one tenant's large log among 10 tenants,
					called directly on audit-service (HTTP, JSON, token check, RLS), beside the same SQL run
					by the runtime role with the tenant set (the baseline); both plan each query for its
					values (`plan_cache_mode = force_custom_plan`). Produced by
					`benchmarks/run-audit-query.sh`; each run appends a table. Targets: logs p95 < 50 ms,
					search p95 < 200 ms.
					""");
		}
		out.append(String.format(Locale.ROOT, "%n## %s: %,d entries for the tenant, %,d in all, %d calls each (%d cores)%n%n",
				Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), big, total, calls,
				Runtime.getRuntime().availableProcessors()));
		out.append("| query | API p50 ms | API p95 ms | SQL p50 ms | SQL p95 ms | API p95 / SQL p95 |\n|---|---|---|---|---|---|\n");
		rows.forEach((row) -> out.append(row).append('\n'));
		Files.writeString(file, out.toString(), java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
	}


}
