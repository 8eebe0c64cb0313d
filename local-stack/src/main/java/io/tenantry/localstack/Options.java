package io.tenantry.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run the suite.
 *
 * @param projectRoot the checkout: module jars are read from {@code <module>/target}
 * @param dataDir databases, Kafka log, logs; kept between runs
 * @param portOffset added to every default port, so a second stack (the e2e tests) can run
 * beside a developer's
 * @param adminPassword the bootstrap platform admin's password, or {@code null} to let
 * user-service generate one on first start
 * @param startTimeout how long one component may take to become healthy
 * @param jvmOptions options for every application JVM
 */
public record Options(Path projectRoot, Path dataDir, int portOffset, String adminPassword, Duration startTimeout,
		List<String> jvmOptions) {

	public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
			"-Xss512k", "-Xms64m", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-Dspring.jmx.enabled=false");

	public static Options defaults(Path projectRoot) {
		return new Options(projectRoot, projectRoot.resolve(".tenantry"), 0, null, Duration.ofSeconds(180),
				DEFAULT_JVM_OPTIONS);
	}

	/** The options of one application's JVM: the shared ones, with C2 kept where it pays. */
	public List<String> jvmOptionsFor(App app) {
		if (!app.onRequestPath()) {
			return this.jvmOptions;
		}
		return this.jvmOptions.stream().filter((option) -> !option.startsWith("-XX:TieredStopAtLevel")).toList();
	}

	public Options withDataDir(Path dataDir) {
		return new Options(this.projectRoot, dataDir, this.portOffset, this.adminPassword, this.startTimeout,
				this.jvmOptions);
	}

	/**
	 * Linux hands out ports from 32768 up to outgoing connections, so a service listening
	 * there can find its port taken: every port of the stack must stay below.
	 */
	public static final int FIRST_EPHEMERAL_PORT = 32768;

	/** The highest base port (Kafka's controller). */
	static final int HIGHEST_BASE_PORT = 19093;

	public Options withPortOffset(int portOffset) {
		if (portOffset < 0 || HIGHEST_BASE_PORT + portOffset >= FIRST_EPHEMERAL_PORT) {
			throw new IllegalArgumentException("Port offset must be between 0 and "
					+ (FIRST_EPHEMERAL_PORT - 1 - HIGHEST_BASE_PORT) + " so that every port stays below "
					+ FIRST_EPHEMERAL_PORT + " (the start of the ephemeral range): " + portOffset);
		}
		return new Options(this.projectRoot, this.dataDir, portOffset, this.adminPassword, this.startTimeout,
				this.jvmOptions);
	}

	/** These options for every application JVM besides the defaults (system properties, for example). */
	public Options withJvmOptions(List<String> extra) {
		List<String> options = new java.util.ArrayList<>(this.jvmOptions);
		options.addAll(extra);
		return new Options(this.projectRoot, this.dataDir, this.portOffset, this.adminPassword, this.startTimeout,
				List.copyOf(options));
	}

	public Options withAdminPassword(String adminPassword) {
		return new Options(this.projectRoot, this.dataDir, this.portOffset, adminPassword, this.startTimeout,
				this.jvmOptions);
	}

	public int port(App app) {
		return app.basePort() + this.portOffset;
	}

	public int postgresPort() {
		return 15432 + this.portOffset;
	}

	public int kafkaPort() {
		return 19092 + this.portOffset;
	}

	public int kafkaControllerPort() {
		return 19093 + this.portOffset;
	}

	public Path logs() {
		return this.dataDir.resolve("logs");
	}

	/** Where user-service's local notification adapter writes outgoing messages. */
	public Path mailbox() {
		return this.dataDir.resolve("mailbox");
	}

}
