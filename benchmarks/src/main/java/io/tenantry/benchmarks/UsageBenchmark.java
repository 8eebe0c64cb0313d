package io.tenantry.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.localstack.App;
import io.tenantry.localstack.Console;
import io.tenantry.localstack.LocalStack;
import io.tenantry.localstack.Options;

/**
 * Usage metering through the gateway, each call beside its baseline in the same run:
 * <ol>
 * <li>Ingest, {@code POST /api/billing/usage} by an API client of the tenant (client_credentials,
 * scope {@code usage:write}): records per second sent one per request, in batches of 100 and
 * of 1,000, by {@link #CLIENTS} concurrent clients; beside a plain JDBC batch insert of the
 * same rows into {@code usage_record} (the runtime role, the tenant set, batches of 1,000).</li>
 * <li>Stats, {@code GET /api/billing/usage/stats} by the tenant's owner over a year of hourly
 * rollups (written straight into {@code usage_rollup}, ten tenants) per hour, day and month:
 * p50/p95/p99 beside the same SQL run by the runtime role.</li>
 * <li>The entitlement check, {@code POST /api/billing/entitlements/check} by the API client:
 * p50/p95/p99 beside its three queries over JDBC and the gateway's own liveness probe.</li>
 * </ol>
 * Usage: {@code benchmarks/run-usage.sh [seconds per ingest phase] [calls] [profile]} (defaults
 * 20, 2000; {@code profile} runs each phase once more under JFR, files in
 * {@code benchmarks/target/usage-profile}).
 */
public final class UsageBenchmark {

	static final int CLIENTS = 4;

	/** A level a tenant's product reports (api_calls is metered by the gateway, not reportable). */
	static final String METRIC = "storage_bytes";

	static final int[] BATCH_SIZES = { 1, 100, 1000 };

	static final int WARM_UP_SECONDS = 10;

	static final int WARM_UP_CALLS = 500;

	/** How long each ingest phase is run again under JFR, when profiling. */
	static final int PROFILE_SECONDS = 15;

	/** Tenants whose year of rollups share the table with the measured tenant's. */
	static final int OTHER_TENANTS = 9;

	static final String PASSWORD = IdentityBenchmark.PASSWORD;

	private UsageBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		int calls = (args.length > 1) ? Integer.parseInt(args[1]) : 2000;
		Path root = Path.of("").toAbsolutePath();
		// "profile": after each measured phase, the same load again under JFR (gateway, billing-service)
		boolean profiling = args.length > 2 && "profile".equals(args[2]);
		Profiler profiler = new Profiler(profiling ? root.resolve("benchmarks/target/usage-profile") : null);
		Console console = new Console(System.out);
		Options options = Options.defaults(root)
			.withDataDir(root.resolve("benchmarks/target/usage-data"))
			.withPortOffset(12000)
			.withAdminPassword("benchmark-admin-password");
		if (profiling) {
			// whole stacks: Spring's and Reactor's are deeper than JFR's default 64 frames
			options = options.withJvmOptions(List.of("-XX:FlightRecorderOptions:stackdepth=512"));
		}
		AuditIngestBenchmark.deleteRecursively(options.dataDir());
		try (LocalStack stack = new LocalStack(options, console)) {
			stack.start();
			Http http = new Http(stack.gatewayUrl());
			IdentityBenchmark.Client identity = new IdentityBenchmark.Client(stack.gatewayUrl());
			String admin = (String) identity.login("platform", "admin@tenantry.local", "benchmark-admin-password")
				.orElseThrow()
				.get("access_token");
			String slug = "usage-" + UUID.randomUUID().toString().substring(0, 6);
			String owner = "owner@" + slug + ".example";
			String createdTenant = identity.post("/api/tenants", "{\"slug\":\"" + slug
					+ "\",\"name\":\"Usage bench\",\"plan\":\"PROFESSIONAL\",\"ownerEmail\":\"" + owner + "\"}", admin,
					201);
			UUID tenant = UUID.fromString(JsonPath.read(createdTenant, "$.id"));
			identity.post("/api/users/set-password", "{\"token\":\"" + IdentityBenchmark.awaitInvitation(options.mailbox(), owner)
					+ "\",\"newPassword\":\"" + PASSWORD + "\"}", null, 204);
			// access tokens live 10 minutes: each phase takes a new one, and no phase outlives it
			TokenSource ownerToken = () -> IdentityBenchmark.awaitLogin(identity, slug, owner);
			// the subscription (billing) and the api_access feature (user-service's projection of
			// billing's events) arrive by Kafka: wait for both
			String basic = awaitApiClient(identity, ownerToken.get());
			TokenSource clientToken = () -> http.clientCredentials(basic, "usage:write");
			awaitStatus(() -> http.post("/api/billing/entitlements/check", "{\"metric\":\"projects\",\"quantity\":1}",
					clientToken.get()), 200);
			console.line("tenant     %s (%s, PROFESSIONAL), API client with usage:write", slug, tenant);

			// 1. ingest: every size warmed up before any is measured (the gateway's and
			// billing-service's compilers are busy for a while after start)
			List<String> ingestRows = new ArrayList<>();
			List<CpuPhase> cpuPhases = new ArrayList<>();
			AtomicLong keys = new AtomicLong();
			String[] ingestToken = { clientToken.get() };
			List<IngestCall> ingestCalls = new ArrayList<>();
			for (int size : BATCH_SIZES) {
				ingestCalls.add(() -> {
					String body = body(size, keys);
					long start = System.nanoTime();
					HttpResponse<String> response = http.post("/api/billing/usage", body, ingestToken[0]);
					long nanos = System.nanoTime() - start;
					if (response.statusCode() != 200) {
						throw new IllegalStateException(response.statusCode() + " " + response.body());
					}
					int stored = JsonPath.read(response.body(), "$.stored");
					if (stored != size) {
						throw new IllegalStateException("Stored " + stored + " of " + size + ": " + response.body());
					}
					return new long[] { stored, nanos };
				});
			}
			for (IngestCall call : ingestCalls) {
				ingest(stack, CLIENTS, WARM_UP_SECONDS, call);
			}
			Ingest single = null;
			Ingest largest = null;
			for (int i = 0; i < BATCH_SIZES.length; i++) {
				int size = BATCH_SIZES[i];
				IngestCall call = ingestCalls.get(i);
				ingestToken[0] = clientToken.get();
				Ingest result = ingest(stack, CLIENTS, seconds, call);
				console.line("ingest     %s", result.describe("API, " + size + " per request"));
				single = (size == 1) ? result : single;
				largest = result;
				ingestRows.add(result.row("API `POST /api/billing/usage`", size, single));
				cpuPhases.add(result.cpuPhase("ingest, " + size + " per request"));
				profiler.record("ingest-" + size, () -> ingest(stack, CLIENTS, PROFILE_SECONDS, call));
			}
			UUID scratchTenant = UUID.randomUUID();
			String app = AuditQueryBenchmark.jdbc(options, "billing_service");
			Ingest baseline = jdbcIngest(stack, app, scratchTenant, seconds, keys);
			console.line("ingest     %s", baseline.describe("JDBC batch insert, 1000 per statement batch"));
			ingestRows.add(baseline.row("baseline: JDBC batch insert into `usage_record`", 1000, single));
			cpuPhases.add(baseline.cpuPhase("ingest, JDBC baseline"));
			try (Connection db = DriverManager.getConnection(app, "postgres", "postgres");
					PreparedStatement count = db
						.prepareStatement("select count(*) from usage_record where tenant_id = ? and source = 'api'")) {
				count.setObject(1, tenant);
				try (ResultSet rs = count.executeQuery()) {
					rs.next();
					console.line("ingest     %,d records of the tenant in usage_record (every phase, warm-ups included)",
							rs.getLong(1));
				}
			}

			// 2. stats over a year of hourly rollups
			Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			Instant from = to.minus(Duration.ofDays(365));
			long loadStart = System.nanoTime();
			int rows;
			try (Connection db = DriverManager.getConnection(app, "postgres", "postgres")) {
				rows = loadYear(db, tenant, to, new Random(42));
			}
			console.line("loaded     %,d rollup rows (a year of hours and days, api_calls and storage_bytes, %d tenants) in %.1f s",
					rows, OTHER_TENANTS + 1, (System.nanoTime() - loadStart) / 1e9);
			List<String> statsRows = new ArrayList<>();
			try (Connection runtime = DriverManager.getConnection(app, "billing_service_app",
					"local-only-billing_service-app")) {
				runtime.setAutoCommit(false);
				for (String granularity : List.of("hour", "day", "month")) {
					String token = ownerToken.get();
					String query = "/api/billing/usage/stats?metric=api_calls&granularity=" + granularity + "&from=" + from
							+ "&to=" + to;
					int[] bytes = new int[1];
					AuditQueryBenchmark.Call api = () -> {
						HttpResponse<String> response = http.get(query, token);
						if (response.statusCode() != 200) {
							throw new IllegalStateException(query + ": " + response.statusCode() + " " + response.body());
						}
						bytes[0] = response.body().length();
					};
					warmUp(api);
					long[] apiNanos = measured(stack, "stats, " + granularity, calls, api, cpuPhases);
					int[] points = new int[1];
					long[] sqlNanos = AuditQueryBenchmark.measure(calls,
							() -> points[0] = statsSql(runtime, tenant, granularity, from, to));
					profiler.record("stats-" + granularity, () -> repeat(api, 1000));
					String row = String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %.1f | %s |", granularity,
							points[0], bytes[0], percentiles(apiNanos), percentiles(sqlNanos),
							ratio(apiNanos, sqlNanos), met(AuditQueryBenchmark.percentile(apiNanos, 95) < 50_000_000L));
					console.line("stats      %s", row);
					statsRows.add(row);
				}
			}

			// 3. the entitlement check
			List<String> checkRows = new ArrayList<>();
			String token = clientToken.get();
			AuditQueryBenchmark.Call check = () -> {
				HttpResponse<String> response = http.post("/api/billing/entitlements/check",
						"{\"metric\":\"projects\",\"quantity\":1}", token);
				if (response.statusCode() != 200) {
					throw new IllegalStateException(response.statusCode() + " " + response.body());
				}
			};
			warmUp(check);
			long[] checkNanos = measured(stack, "entitlement check", calls, check, cpuPhases);
			profiler.record("check", () -> repeat(check, 2000));
			long[] checkSql;
			try (Connection runtime = DriverManager.getConnection(app, "billing_service_app",
					"local-only-billing_service-app")) {
				runtime.setAutoCommit(false);
				checkSql = AuditQueryBenchmark.measure(calls, () -> checkSql(runtime, tenant));
			}
			AuditQueryBenchmark.Call liveness = () -> {
				HttpResponse<String> response = http.get("/actuator/health/liveness", null);
				if (response.statusCode() != 200) {
					throw new IllegalStateException(response.statusCode() + " " + response.body());
				}
			};
			warmUp(liveness);
			long[] livenessNanos = AuditQueryBenchmark.measure(calls, liveness);
			checkRows.add(String.format(Locale.ROOT, "| API `POST /api/billing/entitlements/check` | %d | %s | %s |",
					calls, percentiles(checkNanos),
					met(AuditQueryBenchmark.percentile(checkNanos, 95) < 10_000_000L)));
			checkRows.add(String.format(Locale.ROOT,
					"| baseline: its SQL (subscription, plan version, levels; runtime role, tenant set) | %d | %s | |",
					calls, percentiles(checkSql)));
			checkRows.add(String.format(Locale.ROOT,
					"| baseline: `GET /actuator/health/liveness` of the gateway (no token, no service) | %d | %s | |",
					calls, percentiles(livenessNanos)));
			checkRows.forEach((row) -> console.line("check      %s", row));

			double batchOverSingle = largest.perSecond() / single.perSecond();
			String summary = String.format(Locale.ROOT,
					"Batches of 1,000 / single records: %.1fx (target >= 10x: %s). Batches of 1,000: %,.0f records/s "
							+ "(target >= 10,000/s: %s); the JDBC baseline %,.0f records/s, %.0f%% of it.",
					batchOverSingle, met(batchOverSingle >= 10), largest.perSecond(),
					met(largest.perSecond() >= 10_000), baseline.perSecond(),
					100 * largest.perSecond() / baseline.perSecond());
			console.line("%s", summary);
			List<String> cpuRows = cpuTable(cpuPhases);
			cpuRows.forEach((row) -> console.line("cpu        %s", row));
			write(root, seconds, calls, ingestRows, summary, rows, statsRows, checkRows, cpuRows);
		}
	}

	// ---- ingest

	interface IngestCall {

		/** @return records stored and the request's nanoseconds */
		long[] call() throws Exception;

	}

	/**
	 * {@code threads} clients calling in a loop for {@code seconds}; a failure ends the run.
	 */
	static Ingest ingest(LocalStack stack, int threads, int seconds, IngestCall call) throws Exception {
		Map<String, Duration> before = cpu(stack);
		AtomicLong records = new AtomicLong();
		AtomicLong requests = new AtomicLong();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
		long started = System.nanoTime();
		long deadline = started + Duration.ofSeconds(seconds).toNanos();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(Thread.ofPlatform().start(() -> {
				while (System.nanoTime() < deadline && failures.isEmpty()) {
					try {
						long[] result = call.call();
						records.addAndGet(result[0]);
						requests.incrementAndGet();
						latencies.add(result[1]);
					}
					catch (Exception ex) {
						failures.add(ex);
					}
				}
			}));
		}
		for (Thread worker : workers) {
			worker.join();
		}
		long nanos = System.nanoTime() - started;
		if (!failures.isEmpty()) {
			throw new IllegalStateException("Ingest failed", failures.peek());
		}
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Ingest(threads, requests.get(), records.get(), nanos, sorted, since(before, cpu(stack)));
	}

	// ---- where the CPU goes

	/**
	 * CPU time (user and system) used so far by each process of the suite and by this load
	 * generator, in a fixed order.
	 */
	static Map<String, Duration> cpu(LocalStack stack) throws Exception {
		Map<String, Duration> cpu = new LinkedHashMap<>();
		for (App app : App.all()) {
			cpu.put(app.name(), stack.cpuTime(app.name()));
		}
		// the postmaster and its backends (the services' pooled connections outlive a phase)
		Path pidFile = stack.options().dataDir().resolve("postgres/postmaster.pid");
		long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
		cpu.put("PostgreSQL", ProcessHandle.of(postmaster)
			.map((process) -> Stream.concat(Stream.of(process), process.descendants())
				.map(UsageBenchmark::cpuOf)
				.reduce(Duration.ZERO, Duration::plus))
			.orElseThrow(() -> new IllegalStateException("No postmaster " + postmaster)));
		cpu.put("Kafka", ProcessHandle.current()
			.descendants()
			.filter((process) -> List.of(process.info().arguments().orElse(new String[0])).contains("kafka.Kafka"))
			.map(UsageBenchmark::cpuOf)
			.reduce(Duration.ZERO, Duration::plus));
		cpu.put("load generator (this JVM)", cpuOf(ProcessHandle.current()));
		return cpu;
	}

	private static Duration cpuOf(ProcessHandle process) {
		return process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	static Map<String, Duration> since(Map<String, Duration> before, Map<String, Duration> after) {
		Map<String, Duration> used = new LinkedHashMap<>();
		after.forEach((name, total) -> used.put(name, total.minus(before.getOrDefault(name, Duration.ZERO))));
		return used;
	}

	/**
	 * What a phase cost each process: CPU per 1,000 {@code units} (records or calls), and the
	 * share of the machine the whole suite kept busy.
	 */
	record CpuPhase(String name, Map<String, Duration> cpu, long units, long nanos) {

		double msPerThousand(Duration used) {
			return used.toNanos() / 1e6 / (this.units / 1000.0);
		}

		Duration total() {
			return this.cpu.values().stream().reduce(Duration.ZERO, Duration::plus);
		}

		double machineBusy() {
			return this.total().toNanos() / (double) (this.nanos * Runtime.getRuntime().availableProcessors());
		}

	}

	/** Phase by phase, each process's CPU per 1,000 records or calls. */
	static List<String> cpuTable(List<CpuPhase> phases) {
		List<String> lines = new ArrayList<>();
		StringBuilder head = new StringBuilder("| CPU ms per 1,000 records or calls |");
		StringBuilder rule = new StringBuilder("|---|");
		for (CpuPhase phase : phases) {
			head.append(' ').append(phase.name()).append(" |");
			rule.append("---|");
		}
		lines.add(head.toString());
		lines.add(rule.toString());
		for (String process : phases.get(0).cpu().keySet()) {
			StringBuilder row = new StringBuilder("| ").append(process).append(" |");
			for (CpuPhase phase : phases) {
				row.append(String.format(Locale.ROOT, " %.1f |", phase.msPerThousand(phase.cpu().get(process))));
			}
			lines.add(row.toString());
		}
		StringBuilder total = new StringBuilder("| **all** |");
		StringBuilder busy = new StringBuilder("| machine busy (all CPU / (cores x wall time)) |");
		for (CpuPhase phase : phases) {
			total.append(String.format(Locale.ROOT, " **%.1f** |", phase.msPerThousand(phase.total())));
			busy.append(String.format(Locale.ROOT, " %.0f%% |", 100 * phase.machineBusy()));
		}
		lines.add(total.toString());
		lines.add(busy.toString());
		return lines;
	}

	/** The baseline: the rows the ledger inserts first, as plain JDBC batches of 1,000. */
	static Ingest jdbcIngest(LocalStack stack, String url, UUID tenant, int seconds, AtomicLong keys) throws Exception {
		List<Connection> connections = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			Connection connection = DriverManager.getConnection(url, "billing_service_app",
					"local-only-billing_service-app");
			connection.setAutoCommit(false);
			connections.add(connection);
		}
		ThreadLocal<Connection> mine = new ThreadLocal<>();
		AtomicLong next = new AtomicLong();
		IngestCall call = () -> {
			Connection db = mine.get();
			if (db == null) {
				db = connections.get((int) next.getAndIncrement());
				mine.set(db);
			}
			long start = System.nanoTime();
			insertBatch(db, tenant, 1000, keys);
			return new long[] { 1000, System.nanoTime() - start };
		};
		try {
			ingest(stack, CLIENTS, WARM_UP_SECONDS, call);
			// the measured phase's threads are new: each takes a connection again
			next.set(0);
			return ingest(stack, CLIENTS, seconds, call);
		}
		finally {
			for (Connection connection : connections) {
				connection.close();
			}
		}
	}

	private static void insertBatch(Connection db, UUID tenant, int size, AtomicLong keys) throws Exception {
		try (PreparedStatement set = db.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			set.setString(1, tenant.toString());
			set.executeQuery().close();
		}
		Timestamp now = Timestamp.from(Instant.now());
		try (PreparedStatement insert = db.prepareStatement("""
				insert into usage_record (tenant_id, id, metric, quantity, recorded_at, idempotency_key, attributes,
				    source, received_at)
				values (?, ?, ?, ?, ?, ?, ?::jsonb, 'api', ?)""")) {
			for (int i = 0; i < size; i++) {
				long key = keys.incrementAndGet();
				insert.setObject(1, tenant);
				insert.setObject(2, UUID.randomUUID());
				insert.setString(3, METRIC);
				insert.setLong(4, quantity(key));
				insert.setTimestamp(5, now);
				insert.setString(6, "bench-" + key);
				insert.setString(7, attributes(key));
				insert.setTimestamp(8, now);
				insert.addBatch();
			}
			insert.executeBatch();
		}
		db.commit();
	}

	/** One record, or {@code {"records": [...]}} of {@code size}, each with a key of its own. */
	static String body(int size, AtomicLong keys) {
		String timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
		StringBuilder body = new StringBuilder((size == 1) ? 160 : 40 + size * 160);
		if (size > 1) {
			body.append("{\"records\":[");
		}
		for (int i = 0; i < size; i++) {
			long key = keys.incrementAndGet();
			if (i > 0) {
				body.append(',');
			}
			body.append("{\"metric\":\"")
				.append(METRIC)
				.append("\",\"quantity\":")
				.append(quantity(key))
				.append(",\"timestamp\":\"")
				.append(timestamp)
				.append("\",\"idempotencyKey\":\"bench-")
				.append(key)
				.append("\",\"attributes\":")
				.append(attributes(key))
				.append('}');
		}
		if (size > 1) {
			body.append("]}");
		}
		return body.toString();
	}

	/** Below 80% of PROFESSIONAL's 10 GB: no threshold is reached. */
	private static long quantity(long key) {
		return 1_000_000 + (key * 7919) % 5_000_000_000L;
	}

	private static String attributes(long key) {
		return "{\"bucket\":\"assets-" + (key % 50) + "\",\"region\":\"eu-west-1\"}";
	}

	/** A measured ingest phase. */
	record Ingest(int threads, long requests, long records, long nanos, long[] latencies,
			Map<String, Duration> cpu) {

		double perSecond() {
			return this.records / (this.nanos / 1e9);
		}

		CpuPhase cpuPhase(String name) {
			return new CpuPhase(name, this.cpu, this.records, this.nanos);
		}

		String describe(String what) {
			CpuPhase phase = cpuPhase(what);
			return String.format(Locale.ROOT,
					"%s: %,d records in %,d requests, %,.0f records/s, request p50 %.1f ms p95 %.1f ms (%d clients); "
							+ "CPU of all processes %.1f s (machine %.0f%% busy), billing-service %.1f s, gateway %.1f s, "
							+ "PostgreSQL %.1f s",
					what, this.records, this.requests, perSecond(), ms(AuditQueryBenchmark.percentile(this.latencies, 50)),
					ms(AuditQueryBenchmark.percentile(this.latencies, 95)), this.threads,
					phase.total().toMillis() / 1000.0, 100 * phase.machineBusy(),
					this.cpu.get("billing-service").toMillis() / 1000.0, this.cpu.get("gateway").toMillis() / 1000.0,
					this.cpu.get("PostgreSQL").toMillis() / 1000.0);
		}

		String row(String what, int size, Ingest single) {
			return String.format(Locale.ROOT, "| %s | %,d | %d | %,d | %,d | %,.0f | %.1f | %.1f | %.1f |", what, size,
					this.threads, this.requests, this.records, perSecond(),
					(single != null) ? perSecond() / single.perSecond() : 1.0,
					ms(AuditQueryBenchmark.percentile(this.latencies, 50)),
					ms(AuditQueryBenchmark.percentile(this.latencies, 95)));
		}

	}

	// ---- stats

	/**
	 * A year of hourly rollups, and their days, of api_calls and storage_bytes for
	 * {@code tenant} and {@link #OTHER_TENANTS} others, ending at the hour before {@code to}.
	 * @return the rows written
	 */
	static int loadYear(Connection db, UUID tenant, Instant to, Random random) throws Exception {
		db.setAutoCommit(false);
		Instant end = to.truncatedTo(ChronoUnit.HOURS);
		Instant start = end.minus(Duration.ofDays(366)).truncatedTo(ChronoUnit.DAYS);
		int hours = (int) Duration.between(start, end).toHours();
		List<UUID> tenants = new ArrayList<>();
		tenants.add(tenant);
		for (int i = 0; i < OTHER_TENANTS; i++) {
			tenants.add(UUID.randomUUID());
		}
		int rows = 0;
		try (PreparedStatement insert = db.prepareStatement("""
				insert into usage_rollup (tenant_id, metric, granularity, bucket_start, total, maximum, last_value,
				    last_at, records)
				select ?, ?, ?, b.* from unnest(?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[],
				    ?::timestamptz[], ?::bigint[]) as b(bucket_start, total, maximum, last_value, last_at, records)
				on conflict do nothing""")) {
			for (UUID id : tenants) {
				for (String metric : List.of("api_calls", "storage_bytes")) {
					boolean counter = "api_calls".equals(metric);
					List<long[]> hourly = new ArrayList<>(hours);
					long level = 1_000_000_000L;
					for (int h = 0; h < hours; h++) {
						long records = counter ? 1 + random.nextInt(60) : 1 + random.nextInt(4);
						long total;
						long maximum;
						long last;
						if (counter) {
							total = records * (1 + random.nextInt(200));
							maximum = Math.max(1, total / records * 2);
							last = 1 + random.nextInt((int) maximum);
						}
						else {
							level = Math.max(0, level + random.nextInt(2_000_001) - 1_000_000);
							total = level * records;
							maximum = level + random.nextInt(1000);
							last = level;
						}
						hourly.add(new long[] { total, maximum, last, records });
					}
					rows += insert(insert, id, metric, "HOUR", start, Duration.ofHours(1), hourly);
					List<long[]> daily = new ArrayList<>();
					for (int d = 0; d < hours / 24; d++) {
						long[] day = { 0, Long.MIN_VALUE, 0, 0 };
						for (long[] hour : hourly.subList(d * 24, d * 24 + 24)) {
							day[0] += hour[0];
							day[1] = Math.max(day[1], hour[1]);
							day[2] = hour[2];
							day[3] += hour[3];
						}
						daily.add(day);
					}
					rows += insert(insert, id, metric, "DAY", start, Duration.ofDays(1), daily);
				}
			}
		}
		db.commit();
		db.setAutoCommit(true);
		db.createStatement().execute("vacuum analyze usage_rollup");
		return rows;
	}

	private static int insert(PreparedStatement insert, UUID tenant, String metric, String granularity,
			Instant start, Duration width, List<long[]> buckets) throws Exception {
		Connection db = insert.getConnection();
		int size = buckets.size();
		Timestamp[] starts = new Timestamp[size];
		Long[] totals = new Long[size];
		Long[] maxima = new Long[size];
		Long[] lasts = new Long[size];
		Timestamp[] lastAts = new Timestamp[size];
		Long[] records = new Long[size];
		for (int i = 0; i < size; i++) {
			Instant bucket = start.plus(width.multipliedBy(i));
			starts[i] = Timestamp.from(bucket);
			totals[i] = buckets.get(i)[0];
			maxima[i] = buckets.get(i)[1];
			lasts[i] = buckets.get(i)[2];
			lastAts[i] = Timestamp.from(bucket.plus(width).minusSeconds(1));
			records[i] = buckets.get(i)[3];
		}
		insert.setObject(1, tenant);
		insert.setString(2, metric);
		insert.setString(3, granularity);
		insert.setArray(4, db.createArrayOf("timestamptz", starts));
		insert.setArray(5, db.createArrayOf("bigint", totals));
		insert.setArray(6, db.createArrayOf("bigint", maxima));
		insert.setArray(7, db.createArrayOf("bigint", lasts));
		insert.setArray(8, db.createArrayOf("timestamptz", lastAts));
		insert.setArray(9, db.createArrayOf("bigint", records));
		return insert.executeUpdate();
	}

	/** billing-service's query of the series (UsageStats), as its runtime role runs it. @return points */
	static int statsSql(Connection db, UUID tenant, String granularity, Instant from, Instant to) throws Exception {
		String sql = switch (granularity) {
			case "hour", "day" -> """
					select bucket_start, total, maximum, last_value from usage_rollup
					where tenant_id = ? and metric = ? and granularity = ? and bucket_start >= ? and bucket_start < ?
					order by bucket_start""";
			default -> """
					select date_trunc('month', bucket_start at time zone 'UTC') at time zone 'UTC', sum(total)::bigint,
					    max(maximum), (array_agg(last_value order by last_at desc))[1]
					from usage_rollup
					where tenant_id = ? and metric = ? and granularity = ? and bucket_start >= ? and bucket_start < ?
					group by 1 order by 1""";
		};
		Instant start = from.truncatedTo("hour".equals(granularity) ? ChronoUnit.HOURS : ChronoUnit.DAYS);
		setTenant(db, tenant);
		int points = 0;
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			statement.setObject(1, tenant);
			statement.setString(2, "api_calls");
			statement.setString(3, "hour".equals(granularity) ? "HOUR" : "DAY");
			statement.setTimestamp(4, Timestamp.from(start));
			statement.setTimestamp(5, Timestamp.from(to));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rs.getTimestamp(1);
					rs.getLong(2);
					rs.getLong(3);
					rs.getLong(4);
					points++;
				}
			}
		}
		db.commit();
		return points;
	}

	// ---- entitlement check

	/** The check's queries (SubscriptionPlans.current, PlanCatalogue.find, UsageLedger.levels). */
	static void checkSql(Connection db, UUID tenant) throws Exception {
		setTenant(db, tenant);
		String plan;
		int version;
		try (PreparedStatement statement = db.prepareStatement("""
				select plan, plan_version, status, current_period_start, current_period_end, payment_method_id
				from subscription where tenant_id = ?""")) {
			statement.setObject(1, tenant);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				plan = rs.getString(1);
				version = rs.getInt(2);
			}
		}
		try (PreparedStatement statement = db.prepareStatement("""
				select plan, version, currency, monthly_price, yearly_price, limits, features, usage_prices, created_at
				from plan_version where plan = ? and version = ?""")) {
			statement.setString(1, plan);
			statement.setInt(2, version);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				rs.getString("limits");
				rs.getString("usage_prices");
			}
		}
		try (PreparedStatement statement = db
			.prepareStatement("select metric, level from usage_current where tenant_id = ?")) {
			statement.setObject(1, tenant);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rs.getLong(2);
				}
			}
		}
		db.commit();
	}

	private static void setTenant(Connection db, UUID tenant) throws Exception {
		try (PreparedStatement set = db.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
			set.setString(1, tenant.toString());
			set.executeQuery().close();
		}
	}

	// ---- set-up

	/** An API client with scope usage:write: @return its Basic credentials */
	private static String awaitApiClient(IdentityBenchmark.Client identity, String ownerToken) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				String created = identity.post("/api/users/api-clients",
						"{\"name\":\"usage-bench\",\"roles\":[],\"scopes\":[\"usage:write\"]}", ownerToken, 201);
				String id = JsonPath.read(created, "$.clientId");
				String secret = JsonPath.read(created, "$.clientSecret");
				return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
			}
			catch (IllegalStateException ex) {
				// 403 until user-service has the tenant's PROFESSIONAL entitlements
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(500);
			}
		}
	}

	interface Request {

		HttpResponse<String> send() throws Exception;

	}

	private static void awaitStatus(Request request, int status) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		HttpResponse<String> response = request.send();
		while (response.statusCode() != status) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(response.statusCode() + " " + response.body());
			}
			Thread.sleep(500);
			response = request.send();
		}
	}

	interface TokenSource {

		String get() throws Exception;

	}

	/** {@link AuditQueryBenchmark#measure}, and what it cost each process. */
	private static long[] measured(LocalStack stack, String name, int calls, AuditQueryBenchmark.Call call,
			List<CpuPhase> phases) throws Exception {
		Map<String, Duration> before = cpu(stack);
		long start = System.nanoTime();
		long[] nanos = AuditQueryBenchmark.measure(calls, call);
		// measure calls 50 more times first, unmeasured
		phases.add(new CpuPhase(name, since(before, cpu(stack)), calls + Math.min(50, calls), System.nanoTime() - start));
		return nanos;
	}

	private static void warmUp(AuditQueryBenchmark.Call call) throws Exception {
		repeat(call, WARM_UP_CALLS);
	}

	private static void repeat(AuditQueryBenchmark.Call call, int times) throws Exception {
		for (int i = 0; i < times; i++) {
			call.run();
		}
	}

	/**
	 * JFR recordings ({@code settings=profile}) of the gateway and billing-service while a
	 * load runs, one file per application and phase; does nothing without a directory.
	 */
	static final class Profiler {

		static final List<String> APPS = List.of("gateway", "billing-service");

		private final Path directory;

		Profiler(Path directory) {
			this.directory = directory;
		}

		void record(String phase, AuditQueryBenchmark.Call load) throws Exception {
			if (this.directory == null) {
				return;
			}
			Files.createDirectories(this.directory);
			Map<String, Long> pids = pids();
			for (long pid : pids.values()) {
				jcmd(pid, "JFR.start", "name=" + phase, "settings=profile");
			}
			try {
				load.run();
			}
			finally {
				for (Map.Entry<String, Long> app : pids.entrySet()) {
					jcmd(app.getValue(), "JFR.stop", "name=" + phase,
							"filename=" + this.directory.resolve(phase + "-" + app.getKey() + ".jfr"));
				}
			}
		}

		/** The JVMs this launcher started, by application. */
		private static Map<String, Long> pids() {
			Map<String, Long> pids = new LinkedHashMap<>();
			ProcessHandle.current().descendants().forEach((process) -> {
				for (String argument : process.info().arguments().orElse(new String[0])) {
					for (String app : APPS) {
						if (argument.endsWith("/" + app + ".jar")) {
							pids.put(app, process.pid());
						}
					}
				}
			});
			if (pids.size() != APPS.size()) {
				throw new IllegalStateException("JVMs to profile not found: " + pids + " of " + APPS);
			}
			return pids;
		}

		private static void jcmd(long pid, String... command) throws Exception {
			List<String> line = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
			line.addAll(List.of(command));
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(line + ": " + output);
			}
		}

	}

	// ---- output

	static double ms(long nanos) {
		return nanos / 1e6;
	}

	private static String percentiles(long[] sorted) {
		return String.format(Locale.ROOT, "%.2f | %.2f | %.2f", ms(AuditQueryBenchmark.percentile(sorted, 50)),
				ms(AuditQueryBenchmark.percentile(sorted, 95)), ms(AuditQueryBenchmark.percentile(sorted, 99)));
	}

	private static double ratio(long[] api, long[] sql) {
		return (double) AuditQueryBenchmark.percentile(api, 95) / AuditQueryBenchmark.percentile(sql, 95);
	}

	private static String met(boolean met) {
		return met ? "met" : "**missed**";
	}

	private static void write(Path root, int seconds, int calls, List<String> ingest, String summary, int rollups,
			List<String> stats, List<String> check, List<String> cpu) throws Exception {
		Path file = root.resolve("benchmarks/results/usage.md");
		StringBuilder out = new StringBuilder();
		if (!Files.exists(file)) {
			out.append("""
					# Usage metering: ingest, stats, entitlement check

					Three calls of billing-service through the gateway (token check, routing, the service's
					HTTP, JSON, RLS), against the whole suite on embedded PostgreSQL and Kafka, each beside a
					baseline measured in the same run:

					- **Ingest**, `POST /api/billing/usage` by an API client of a PROFESSIONAL tenant
					  (client_credentials, scope `usage:write`), `storage_bytes` records stamped now, each
					  with its own idempotency key and two attributes; one record per request, then batches
					  of 100 and of 1,000 (`{"records": [...]}`), four clients at once; each size runs
					  10 s before any is measured. Every request stores the records, their hourly and daily
					  rollups and the current level, and appends `UsageReported` to the outbox, in one
					  transaction. Baseline: plain JDBC batch inserts (1,000 rows per batch and commit,
					  four connections, the runtime role with a tenant set) of the same rows into
					  `usage_record` only, for a scratch tenant.
					- **Stats**, `GET /api/billing/usage/stats?metric=api_calls&granularity=hour|day|month`
					  by the tenant's owner, over the last 365 days, after a year of hourly and daily
					  rollups (api_calls and storage_bytes, the measured tenant and nine others) is written
					  straight into `usage_rollup`; beside billing-service's SQL of the series run by the
					  runtime role with the tenant set.
					- **Entitlement check**, `POST /api/billing/entitlements/check`
					  `{"metric": "projects", "quantity": 1}` by the API client; beside the check's three
					  queries over JDBC, and the gateway's own liveness probe (an HTTP round trip through
					  the gateway, no token, no service).

					Latency calls are made one at a time after 500 + 50 warm-up calls. "Where the CPU
					goes": CPU time (user and system, from /proc) each process used in a measured phase,
					per 1,000 records (ingest) or calls (the others): every application of the suite,
					PostgreSQL (its server and backends), Kafka, and the load generator itself; "machine
					busy" divides all of it by cores x wall time. The services run as local-stack starts
					them: the gateway and user-service with C2, the others (billing-service among them)
					with C1 only (`-XX:TieredStopAtLevel=1`), SerialGC, 384 MB heaps. Produced by
					`./benchmarks/run-usage.sh [seconds per ingest phase] [calls] [profile]` (defaults 20,
					2000; `profile` runs each phase once more, after it is measured, under JFR on the
					gateway and billing-service, files in `benchmarks/target/usage-profile`); each run
					appends a section. Targets: batch >= 10x single and >= 10,000 records/s;
					stats p95 < 50 ms; entitlement check p95 < 10 ms.
					""");
		}
		out.append(String.format(Locale.ROOT, """

				## %s: %d cores, JDK %s

				### Ingest (%d s per phase, %d clients)

				| call | records per request | clients | requests | records | records/s | x single | request p50 ms | request p95 ms |
				|---|---|---|---|---|---|---|---|---|
				""", Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.runtime.version"), seconds, CLIENTS));
		ingest.forEach((row) -> out.append(row).append('\n'));
		out.append('\n').append(summary).append('\n');
		out.append(String.format(Locale.ROOT, """

				### Stats over a year of hourly rollups (%,d rollup rows in all, %d calls each)

				| granularity | points | response bytes | API p50 ms | API p95 ms | API p99 ms | SQL p50 ms | SQL p95 ms | SQL p99 ms | API p95 / SQL p95 | p95 < 50 ms |
				|---|---|---|---|---|---|---|---|---|---|---|
				""", rollups, calls));
		stats.forEach((row) -> out.append(row).append('\n'));
		out.append("""

				### Entitlement check

				| call | calls | p50 ms | p95 ms | p99 ms | p95 < 10 ms |
				|---|---|---|---|---|---|
				""");
		check.forEach((row) -> out.append(row).append('\n'));
		out.append("""

				### Where the CPU goes (measured phases; ingest per 1,000 records, the others per 1,000 calls)

				""");
		cpu.forEach((row) -> out.append(row).append('\n'));
		Files.writeString(file, out.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/** The load generator's view of the gateway: HTTP/1.1, kept-alive connections. */
	static final class Http {

		private final String gateway;

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		Http(String gateway) {
			this.gateway = gateway;
		}

		HttpResponse<String> post(String path, String json, String token) throws Exception {
			return this.http.send(request(path, token).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> get(String path, String token) throws Exception {
			return this.http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
		}

		String clientCredentials(String basic, String scope) throws Exception {
			HttpResponse<String> response = this.http.send(request("/oauth2/token", null)
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("/oauth2/token: " + response.statusCode() + " " + response.body());
			}
			return JsonPath.read(response.body(), "$.access_token");
		}

		private HttpRequest.Builder request(String path, String token) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.gateway + path))
				.timeout(Duration.ofSeconds(30));
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			return request;
		}

	}

}
