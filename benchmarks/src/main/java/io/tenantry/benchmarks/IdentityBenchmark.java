package io.tenantry.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.localstack.Console;
import io.tenantry.localstack.LocalStack;
import io.tenantry.localstack.Options;

/**
 * Identity throughput through the gateway, beside the cost of one password hash measured
 * by JMH ({@code PasswordHashBenchmark}) in the same run on the same machine.
 * <ul>
 * <li>Logins ({@code POST /api/auth/login}): each verifies an Argon2id hash, so the most a
 * core can do is 1 / (verify time); the target is 80% of that per core.</li>
 * <li>Refreshes ({@code POST /api/auth/refresh}) and client_credentials grants
 * ({@code POST /oauth2/token}): no password hash; target 120/s per core.</li>
 * </ul>
 * The whole suite, PostgreSQL and the load generator share the machine's cores; rates per
 * core divide by all of them. Usage: {@code benchmarks/run-identity.sh [seconds]}.
 */
public final class IdentityBenchmark {

	static final String PASSWORD = "harbour-violet-lantern-42";

	private IdentityBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 30;
		Path jmhResult = Path.of((args.length > 1) ? args[1] : "benchmarks/target/password-hash.json");
		Path root = Path.of("").toAbsolutePath();
		Console console = new Console(System.out);
		double verifyMs = jmhScore(jmhResult, "verify");
		double hashMs = jmhScore(jmhResult, "hash");
		int cores = Runtime.getRuntime().availableProcessors();
		console.line("baseline   one Argon2id verify %.1f ms, hash %.1f ms (JMH, one thread)", verifyMs, hashMs);
		Options options = Options.defaults(root)
			.withDataDir(root.resolve("benchmarks/target/identity-data"))
			.withPortOffset(12000)
			.withAdminPassword("benchmark-admin-password");
		AuditIngestBenchmark.deleteRecursively(options.dataDir());
		try (LocalStack stack = new LocalStack(options, console)) {
			stack.start();
			Client client = new Client(stack.gatewayUrl());
			String admin = client.login("platform", "admin@tenantry.local", "benchmark-admin-password")
				.map((tokens) -> (String) tokens.get("access_token"))
				.orElseThrow();
			String slug = "bench-" + UUID.randomUUID().toString().substring(0, 6);
			String owner = "owner@" + slug + ".example";
			client.post("/api/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Bench\",\"plan\":\"ENTERPRISE\","
					+ "\"ownerEmail\":\"" + owner + "\"}", admin, 201);
			String invitation = awaitInvitation(options.mailbox(), owner);
			client.post("/api/users/set-password",
					"{\"token\":\"" + invitation + "\",\"newPassword\":\"" + PASSWORD + "\"}", null, 204);
			String ownerToken = awaitLogin(client, slug, owner);
			int users = 20;
			List<String> emails = new ArrayList<>();
			for (int i = 0; i < users; i++) {
				String email = "user" + i + "@" + slug + ".example";
				client.post("/api/users", "{\"email\":\"" + email + "\",\"roles\":[\"MEMBER\"],\"password\":\"" + PASSWORD
						+ "\"}", ownerToken, 201);
				emails.add(email);
			}
			String created = client.post("/api/users/api-clients",
					"{\"name\":\"bench\",\"roles\":[\"AUDITOR\"],\"scopes\":[\"users:read\"]}", ownerToken, 201);
			String clientId = JsonPath.read(created, "$.clientId");
			String clientSecret = JsonPath.read(created, "$.clientSecret");
			String basic = Base64.getEncoder()
				.encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));

			// warm every path up before measuring: the optimising compiler of user-service is busy
			// for minutes under a new load (about 20% of a core still after one minute of logins)
			run(client, 4, 150, (i) -> client.login(slug, emails.get(i % users), PASSWORD).isPresent());

			Result logins = run(stack, client, 4, seconds,
					(i) -> client.login(slug, emails.get(i % users), PASSWORD).isPresent());
			console.line("logins     %s", logins);

			ConcurrentLinkedQueue<String> refreshTokens = new ConcurrentLinkedQueue<>();
			for (int i = 0; i < 16; i++) {
				refreshTokens.add((String) client.login(slug, emails.get(i % users), PASSWORD).orElseThrow()
					.get("refresh_token"));
			}
			run(client, 8, 10, (i) -> refresh(client, refreshTokens));
			Result refreshes = run(stack, client, 8, seconds, (i) -> refresh(client, refreshTokens));
			console.line("refreshes  %s", refreshes);

			run(client, 8, 10, (i) -> client.clientCredentials(basic));
			Result grants = run(stack, client, 8, seconds, (i) -> client.clientCredentials(basic));
			console.line("grants     %s", grants);

			// hash and verify are the same Argon2id computation (a login verifies); the target
			// takes the faster of the two, the stricter reading of "0.8 / hash time"
			double hashTime = Math.min(hashMs, verifyMs);
			double loginTarget = 0.8 * 1000.0 / hashTime;
			List<String> rows = List.of(
					row("login (password)", logins, cores, loginTarget,
							String.format(Locale.ROOT, "0.8 / %.1f ms = %.1f", hashTime, loginTarget)),
					row("refresh", refreshes, cores, 120, "120"),
					row("client_credentials", grants, cores, 120, "120"));
			rows.forEach((row) -> console.line("%s", row));
			write(root, seconds, cores, verifyMs, hashMs, rows);
		}
	}

	private static boolean refresh(Client client, ConcurrentLinkedQueue<String> tokens) throws Exception {
		String token = tokens.poll();
		if (token == null) {
			return false;
		}
		Optional<Map<String, Object>> next = client.refresh(token);
		next.ifPresent((tokensAnswer) -> tokens.add((String) tokensAnswer.get("refresh_token")));
		return next.isPresent();
	}

	interface Call {

		boolean call(int iteration) throws Exception;

	}

	/** A measured phase: also the CPU user-service spent in it. */
	static Result run(LocalStack stack, Client client, int threads, int seconds, Call call) throws Exception {
		Duration before = stack.cpuTime("user-service");
		Result result = run(client, threads, seconds, call);
		return result.withServiceCpu(stack.cpuTime("user-service").minus(before));
	}

	/** {@code threads} clients calling in a loop for {@code seconds}: rate, latency, failures. */
	static Result run(Client client, int threads, int seconds, Call call) throws Exception {
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		long started = System.nanoTime();
		List<Thread> workers = new ArrayList<>();
		AtomicLong iterations = new AtomicLong();
		for (int t = 0; t < threads; t++) {
			Thread worker = Thread.ofPlatform().start(() -> {
				while (System.nanoTime() < deadline) {
					long begin = System.nanoTime();
					boolean success;
					try {
						success = call.call((int) iterations.getAndIncrement());
					}
					catch (Exception ex) {
						success = false;
					}
					latencies.add(System.nanoTime() - begin);
					(success ? ok : failed).incrementAndGet();
				}
			});
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		return new Result(ok.get(), failed.get(), System.nanoTime() - started, threads,
				AuditQueryBenchmark.percentile(sorted, 50), AuditQueryBenchmark.percentile(sorted, 95), Duration.ZERO);
	}

	/**
	 * @param serviceCpu CPU time user-service used during the phase
	 */
	record Result(long ok, long failed, long nanos, int threads, long p50, long p95, Duration serviceCpu) {

		double perSecond() {
			return this.ok / (this.nanos / 1e9);
		}

		/** Operations per second of user-service CPU: the rate one core given to it sustains. */
		double perServiceCoreSecond() {
			return this.ok / (this.serviceCpu.toNanos() / 1e9);
		}

		Result withServiceCpu(Duration cpu) {
			return new Result(this.ok, this.failed, this.nanos, this.threads, this.p50, this.p95, cpu);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%,d ok, %d failed, %.1f/s, p50 %.1f ms, p95 %.1f ms (%d clients); user-service CPU %.1f s = %.1f/s per core",
					this.ok, this.failed, perSecond(), this.p50 / 1e6, this.p95 / 1e6, this.threads,
					this.serviceCpu.toMillis() / 1000.0, perServiceCoreSecond());
		}

	}

	private static String row(String name, Result result, int cores, double target, String targetText) {
		double perMachineCore = result.perSecond() / cores;
		double perServiceCore = result.perServiceCoreSecond();
		return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %.2f | %.2f | %d |",
				name, result.threads(), result.perSecond(), perMachineCore, perServiceCore, result.p50() / 1e6,
				result.p95() / 1e6, targetText, perServiceCore / target, perMachineCore / target, result.failed());
	}

	static double jmhScore(Path file, String benchmark) throws Exception {
		List<Map<String, Object>> results = JsonPath.read(Files.readString(file), "$");
		for (Map<String, Object> result : results) {
			if (((String) result.get("benchmark")).endsWith("." + benchmark)) {
				return ((Number) JsonPath.read(result, "$.primaryMetric.score")).doubleValue();
			}
		}
		throw new IllegalStateException("No " + benchmark + " result in " + file);
	}

	static String awaitInvitation(Path mailbox, String email) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.isDirectory(mailbox)) {
				try (Stream<Path> files = Files.list(mailbox)) {
					Optional<Path> file = files.filter((f) -> f.getFileName().toString().contains(email))
						.filter((f) -> f.getFileName().toString().endsWith(".json"))
						.max(Comparator.comparing(Path::getFileName));
					if (file.isPresent()) {
						return JsonPath.read(Files.readString(file.get()), "$.token");
					}
				}
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("No invitation for " + email + " in " + mailbox);
	}

	static String awaitLogin(Client client, String slug, String email) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			Optional<Map<String, Object>> tokens = client.login(slug, email, PASSWORD);
			if (tokens.isPresent()) {
				return (String) tokens.get().get("access_token");
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("Tenant " + slug + " never reached the login directory");
	}

	private static void write(Path root, int seconds, int cores, double verifyMs, double hashMs, List<String> rows)
			throws Exception {
		Path file = root.resolve("benchmarks/results/identity.md");
		StringBuilder out = new StringBuilder();
		if (!Files.exists(file)) {
			out.append("""
					# Identity throughput

					Logins, refreshes and client_credentials grants through the gateway, against the whole
					suite on embedded infrastructure, beside the cost of one Argon2id password hash measured
					by JMH (`PasswordHashBenchmark`, one thread) in the same run. Two rates per core:
					per user-service core is operations per second of CPU time user-service used (read from
					/proc), the rate one core given to the identity service sustains, as Keycloak's
					per-vCPU figures count; per machine core divides by every core of the machine, which
					the gateway, user-service, PostgreSQL, Kafka, audit-service (ingesting the login
					events) and the load generator all share. Produced by `benchmarks/run-identity.sh`;
					each run appends a table. Targets: logins per core >= 0.8 / (hash time: the faster of
					hash and verify, the same computation); refresh and client_credentials >= 120/s per
					core. ratio = measured per core / target.
					""");
		}
		out.append(String.format(Locale.ROOT, """

				## %s: %d s per phase, %d cores; baseline Argon2id verify %.1f ms, hash %.1f ms

				| operation | clients | per s | per s per machine core | per s per user-service core | p50 ms | p95 ms | target per core | ratio (service core) | ratio (machine core) | failed |
				|---|---|---|---|---|---|---|---|---|---|---|
				""", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), seconds, cores, verifyMs,
				hashMs));
		rows.forEach((row) -> out.append(row).append('\n'));
		Files.writeString(file, out.toString(), java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
	}

	/** The load generator's view of the gateway. */
	static final class Client {

		private final String gateway;

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		Client(String gateway) {
			this.gateway = gateway;
		}

		Optional<Map<String, Object>> login(String slug, String email, String password) throws Exception {
			HttpResponse<String> response = send("/api/auth/login", "application/json",
					"{\"tenant\":\"" + slug + "\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
			return (response.statusCode() == 200) ? Optional.of(JsonPath.read(response.body(), "$")) : Optional.empty();
		}

		Optional<Map<String, Object>> refresh(String refreshToken) throws Exception {
			HttpResponse<String> response = send("/api/auth/refresh", "application/json",
					"{\"refresh_token\":\"" + refreshToken + "\"}", null);
			return (response.statusCode() == 200) ? Optional.of(JsonPath.read(response.body(), "$")) : Optional.empty();
		}

		boolean clientCredentials(String basic) throws Exception {
			return send("/oauth2/token", "application/x-www-form-urlencoded",
					"grant_type=client_credentials&scope=users:read", "Basic " + basic).statusCode() == 200;
		}

		String post(String path, String json, String token, int expected) throws Exception {
			HttpResponse<String> response = send(path, "application/json", json,
					(token != null) ? "Bearer " + token : null);
			if (response.statusCode() != expected) {
				throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
			}
			return response.body();
		}

		private HttpResponse<String> send(String path, String contentType, String body, String authorization)
				throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.gateway + path))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

}
