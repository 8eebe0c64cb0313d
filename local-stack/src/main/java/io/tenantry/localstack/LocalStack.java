package io.tenantry.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The whole suite on one machine: embedded PostgreSQL (in this JVM's care), a Kafka broker
 * JVM, then discovery, config-server, the six domain services and the gateway, each as its
 * own JVM started from its module's jar. Used by the {@code tenantry} command and by the
 * end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {

	/** Printed by user-service before a generated admin password. */
	static final String ADMIN_MARKER = "TENANTRY BOOTSTRAP ADMIN";

	private static final Duration POLL = Duration.ofMillis(500);

	private final Options options;

	private final Console console;

	private final String javaCommand;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, ChildProcess> apps = new ConcurrentHashMap<>();

	/** Waits and stops run side by side (the common pool has one thread on two cores). */
	private final ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor();

	private Postgres postgres;

	private ChildProcess kafka;

	private boolean closed;

	public LocalStack(Options options, Console console) {
		this.options = options;
		this.console = console;
		this.javaCommand = ProcessHandle.current().info().command().orElse("java");
	}

	public Options options() {
		return this.options;
	}

	/** Starts everything and returns once every component is healthy and registered. */
	public void start() throws IOException, InterruptedException {
		checkBuilt();
		checkPortsFree();
		Files.createDirectories(this.options.logs());
		this.console.line("Starting Tenantry (data in %s)", this.options.dataDir());
		CompletableFuture<Void> infrastructure = CompletableFuture.allOf(
				CompletableFuture.runAsync(this::startPostgres, this.tasks), CompletableFuture.runAsync(this::startKafka, this.tasks));
		startAndAwait(List.of(App.DISCOVERY));
		startAndAwait(List.of(App.CONFIG_SERVER));
		join(infrastructure);
		List<App> rest = new ArrayList<>(App.DOMAIN_SERVICES);
		rest.add(App.GATEWAY);
		startAndAwait(rest);
		awaitRegistered(Stream.concat(Stream.of(App.CONFIG_SERVER), rest.stream()).toList());
		awaitGatewayRoutes();
	}

	/** Stops one application (for failure tests). */
	public void stopApp(String name) {
		ChildProcess process = this.apps.remove(name);
		if (process != null) {
			process.stop(30);
			this.console.status(name, "stopped", "");
		}
	}

	/** Kills one application without letting it shut down (SIGKILL), as a crash would. */
	public void killApp(String name) {
		ChildProcess process = this.apps.remove(name);
		if (process != null) {
			process.kill();
			this.console.status(name, "killed", "");
		}
	}

	/** Stops the Kafka broker (for outage tests); its log stays on disk. */
	public void stopKafka() {
		if (this.kafka != null) {
			this.kafka.stop(30);
			this.kafka = null;
			this.console.status("kafka", "stopped", "");
		}
	}

	/** Starts one application again and waits until it is healthy and registered. */
	public void startApp(String name) throws InterruptedException {
		App app = App.named(name);
		startAndAwait(List.of(app));
		awaitRegistered(List.of(app));
	}

	public String gatewayUrl() {
		return "http://localhost:" + this.options.port(App.GATEWAY);
	}

	/**
	 * Memory of the launcher, PostgreSQL, Kafka and every application, in bytes: resident set
	 * sizes added up (pages shared between processes, such as PostgreSQL's shared buffers,
	 * count once per process).
	 */
	public long residentBytes() {
		return processes().stream().mapToLong((process) -> memory(process, "VmRSS:", "status")).sum();
	}

	/** The same processes' proportional set size: each shared page counted once in all. */
	public long proportionalBytes() {
		return processes().stream().mapToLong((process) -> memory(process, "Pss:", "smaps_rollup")).sum();
	}

	private List<ProcessHandle> processes() {
		List<ProcessHandle> processes = new ArrayList<>();
		processes.add(ProcessHandle.current());
		if (this.postgres != null) {
			processes.addAll(this.postgres.processes());
		}
		if (this.kafka != null) {
			processes.add(this.kafka.handle());
		}
		this.apps.values().forEach((app) -> processes.add(app.handle()));
		return processes;
	}

	/** CPU time (user and system) an application's JVM has used since it started. */
	public java.time.Duration cpuTime(String appName) {
		ChildProcess app = this.apps.get(appName);
		if (app == null) {
			throw new IllegalArgumentException("Not running: " + appName);
		}
		return app.handle().info().totalCpuDuration().orElseThrow(
				() -> new IllegalStateException("The CPU time of " + appName + " cannot be read here"));
	}

	public int processCount() {
		return processes().size();
	}

	/**
	 * The admin password user-service generated on this data directory's first start, if
	 * it did so in this run.
	 */
	public Optional<String> generatedAdminPassword() {
		Path log = this.options.logs().resolve("user-service.log");
		try {
			List<String> lines = Files.readAllLines(log);
			int lastStart = 0;
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).startsWith(ChildProcess.START_MARKER)) {
					lastStart = i;
				}
			}
			for (int i = lastStart; i < lines.size(); i++) {
				if (lines.get(i).contains(ADMIN_MARKER)) {
					for (int j = i + 1; j < Math.min(lines.size(), i + 5); j++) {
						String line = lines.get(j).trim();
						if (line.startsWith("password:")) {
							return Optional.of(line.substring("password:".length()).trim());
						}
					}
				}
			}
		}
		catch (IOException ex) {
			// no log, no generated password
		}
		return Optional.empty();
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<String> order = new ArrayList<>();
		order.add(App.GATEWAY.name());
		App.DOMAIN_SERVICES.forEach((app) -> order.add(app.name()));
		List<CompletableFuture<Void>> stopping = new ArrayList<>();
		for (String name : order) {
			ChildProcess process = this.apps.remove(name);
			if (process != null) {
				stopping.add(CompletableFuture.runAsync(() -> process.stop(30), this.tasks));
			}
		}
		CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
		for (App app : List.of(App.CONFIG_SERVER, App.DISCOVERY)) {
			ChildProcess process = this.apps.remove(app.name());
			if (process != null) {
				process.stop(30);
			}
		}
		if (this.kafka != null) {
			this.kafka.stop(30);
		}
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				this.console.line("PostgreSQL did not stop cleanly: %s", ex.getMessage());
			}
		}
		this.tasks.shutdown();
	}

	private void startPostgres() {
		long started = System.nanoTime();
		this.console.status("postgres", "starting", "port " + this.options.postgresPort());
		try {
			this.postgres = Postgres.start(this.options.dataDir(), this.options.logs().resolve("postgres.log"),
					this.options.postgresPort(), App.DOMAIN_SERVICES);
		}
		catch (IOException | RuntimeException ex) {
			throw new StartFailure("postgres", "failed: " + ex.getMessage(),
					tailOf(this.options.logs().resolve("postgres.log")));
		}
		this.console.status("postgres", "healthy", seconds(started) + ", 6 databases");
	}

	/** Starts the Kafka broker (again) on its port and log, and waits until it answers. */
	public void startKafka() {
		long started = System.nanoTime();
		this.console.status("kafka", "starting", "port " + this.options.kafkaPort());
		try {
			this.kafka = KafkaBroker.start(this.options, this.javaCommand, kafkaClasspath());
			await("kafka", this.kafka, () -> KafkaBroker.isReady(this.options.kafkaPort()));
		}
		catch (IOException ex) {
			throw new StartFailure("kafka", "failed: " + ex.getMessage(), List.of());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StartFailure("kafka", "interrupted", List.of());
		}
		this.console.status("kafka", "healthy", seconds(started));
	}

	private void startAndAwait(List<App> group) throws InterruptedException {
		Map<App, Long> started = new LinkedHashMap<>();
		for (App app : group) {
			started.put(app, System.nanoTime());
			this.console.status(app.name(), "starting", "http://localhost:" + this.options.port(app));
			try {
				this.apps.put(app.name(), launch(app));
			}
			catch (IOException ex) {
				throw new StartFailure(app.name(), "could not be launched: " + ex.getMessage(), List.of());
			}
		}
		List<CompletableFuture<Void>> waits = new ArrayList<>();
		for (App app : group) {
			waits.add(CompletableFuture.runAsync(() -> {
				ChildProcess process = this.apps.get(app.name());
				try {
					await(app.name(), process, () -> isUp("http://localhost:" + this.options.port(app)
							+ "/actuator/health/readiness"));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new StartFailure(app.name(), "interrupted", List.of());
				}
				this.console.status(app.name(), "healthy", seconds(started.get(app)));
			}, this.tasks));
		}
		join(CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)));
	}

	private ChildProcess launch(App app) throws IOException {
		Path tmp = this.options.dataDir().resolve("tmp").resolve(app.name());
		Files.createDirectories(tmp);
		Path jar = jarOf(app);
		int port = this.options.port(app);
		String eureka = "http://localhost:" + this.options.port(App.DISCOVERY) + "/eureka/";
		List<String> command = new ArrayList<>();
		command.add(this.javaCommand);
		command.addAll(this.options.jvmOptionsFor(app));
		command.add("-Djava.io.tmpdir=" + tmp);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(List.of("--server.port=" + port, "--server.tomcat.basedir=" + tmp,
				"--eureka.client.service-url.defaultZone=" + eureka, "--eureka.instance.prefer-ip-address=true",
				"--eureka.instance.ip-address=127.0.0.1", "--eureka.instance.hostname=localhost",
				"--eureka.instance.instance-id=" + app.name() + ":" + port,
				"--eureka.client.registry-fetch-interval-seconds=2",
				"--eureka.client.initial-instance-info-replication-interval-seconds=1",
				"--eureka.instance.lease-renewal-interval-in-seconds=5", "--spring.cloud.loadbalancer.cache.ttl=2s",
				"--tenantry.db.port=" + this.options.postgresPort(),
				"--spring.kafka.bootstrap-servers=localhost:" + this.options.kafkaPort(),
				"--tenantry.security.issuer=" + gatewayUrl(), "--tenantry.gateway.issuer=" + gatewayUrl()));
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("CONFIG_SERVER_URL", "http://localhost:" + this.options.port(App.CONFIG_SERVER));
		environment.put("EUREKA_URL", eureka);
		if (app.equals(App.CONFIG_SERVER)) {
			environment.put("TENANTRY_CONFIG_REPO",
					this.options.projectRoot().resolve("deploy/config").toAbsolutePath().toUri().toString());
		}
		if (app.name().equals("user-service") || app.name().equals("organization-service")) {
			// the services that write to people share the local mailbox
			command.add("--tenantry.notifications.mailbox=" + this.options.mailbox());
		}
		if (app.name().equals("user-service")) {
			if (this.options.adminPassword() != null) {
				environment.put("TENANTRY_BOOTSTRAP_ADMIN_PASSWORD", this.options.adminPassword());
			}
		}
		return ChildProcess.start(app.name(), command, this.options.projectRoot(),
				this.options.logs().resolve(app.name() + ".log"), environment);
	}

	private void awaitRegistered(List<App> expected) throws InterruptedException {
		long deadline = System.nanoTime() + this.options.startTimeout().toNanos();
		for (App app : expected) {
			String url = "http://localhost:" + this.options.port(App.DISCOVERY) + "/eureka/apps/"
					+ app.name().toUpperCase(java.util.Locale.ROOT);
			while (!bodyContains(url, "\"UP\"")) {
				if (System.nanoTime() > deadline) {
					throw new StartFailure(app.name(), "did not register with discovery", List.of());
				}
				TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
			}
		}
	}

	/** The gateway routes once its discovery cache has the services: probe the public issuer route. */
	private void awaitGatewayRoutes() throws InterruptedException {
		long deadline = System.nanoTime() + this.options.startTimeout().toNanos();
		while (!isUp(gatewayUrl() + "/.well-known/openid-configuration")) {
			if (System.nanoTime() > deadline) {
				throw new StartFailure("gateway", "does not route to user-service", List.of());
			}
			TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
		}
		// the gateway refreshes its registry copy every 2 s: let it see every service
		TimeUnit.SECONDS.sleep(3);
	}

	private void await(String name, ChildProcess process, java.util.function.BooleanSupplier ready)
			throws InterruptedException {
		long deadline = System.nanoTime() + this.options.startTimeout().toNanos();
		while (!ready.getAsBoolean()) {
			if (!process.isAlive()) {
				throw new StartFailure(name, "exited with code " + process.exitValue(), process.tail(25));
			}
			if (System.nanoTime() > deadline) {
				throw new StartFailure(name, "not healthy after " + this.options.startTimeout().toSeconds() + " s",
						process.tail(25));
			}
			try {
				process.handle().onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// still running: poll again
			}
		}
	}

	private boolean isUp(String url) {
		try {
			HttpResponse<Void> response = this.http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private boolean bodyContains(String url, String text) {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Accept", "application/json")
				.timeout(Duration.ofSeconds(3))
				.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains(text);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void checkBuilt() {
		List<String> missing = App.all().stream().map(this::jarOf).filter((jar) -> !Files.isRegularFile(jar))
			.map(Path::toString).toList();
		if (!missing.isEmpty() || !Files.isDirectory(libDir())) {
			throw new StartFailure("build", "is missing: run ./mvnw -DskipTests package first (missing "
					+ (missing.isEmpty() ? libDir() : missing) + ")", List.of());
		}
	}

	private void checkPortsFree() {
		List<Integer> ports = new ArrayList<>();
		App.all().forEach((app) -> ports.add(this.options.port(app)));
		ports.addAll(List.of(this.options.postgresPort(), this.options.kafkaPort(), this.options.kafkaControllerPort()));
		for (int port : ports) {
			try (ServerSocket socket = new ServerSocket(port)) {
				socket.setReuseAddress(true);
			}
			catch (IOException ex) {
				throw new StartFailure("port " + port, "is already in use (is another Tenantry stack running? "
						+ "./tenantry stop)", List.of());
			}
		}
	}

	private Path jarOf(App app) {
		return this.options.projectRoot().resolve(app.name()).resolve("target").resolve(app.name() + ".jar");
	}

	private Path libDir() {
		return this.options.projectRoot().resolve("local-stack/target/lib");
	}

	private String kafkaClasspath() {
		return libDir().toAbsolutePath() + "/*";
	}

	private static void join(CompletableFuture<?> future) {
		try {
			future.join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	private static List<String> tailOf(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return lines.subList(Math.max(0, lines.size() - 25), lines.size());
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static String seconds(long startedNanos) {
		return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
	}

	private static long memory(ProcessHandle process, String field, String procFile) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), procFile))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// process gone
		}
		return 0;
	}

}
