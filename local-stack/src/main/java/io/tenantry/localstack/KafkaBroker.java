package io.tenantry.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in its own JVM, on a fixed port, with its log in the
 * data directory so events survive a restart.
 */
final class KafkaBroker {

	private KafkaBroker() {
	}

	static ChildProcess start(Options options, String java, String classpath) throws IOException, InterruptedException {
		Path home = options.dataDir().resolve("kafka");
		Path logDir = home.resolve("data");
		Files.createDirectories(logDir);
		Path config = home.resolve("server.properties");
		Files.writeString(config, serverProperties(options, logDir));
		Path log4j = home.resolve("log4j2.properties");
		Files.writeString(log4j, """
				status = warn
				appender.console.type = Console
				appender.console.name = console
				appender.console.layout.type = PatternLayout
				appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n
				rootLogger.level = warn
				rootLogger.appenderRef.console.ref = console
				logger.kafka.name = kafka.server.KafkaServer
				logger.kafka.level = info
				""");
		List<String> jvm = List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-Dlog4j2.configurationFile=" + log4j.toUri(), "-cp", classpath);
		Path log = options.logs().resolve("kafka.log");
		if (!Files.exists(logDir.resolve("meta.properties"))) {
			List<String> format = new ArrayList<>(jvm);
			format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
					config.toString()));
			ChildProcess formatting = ChildProcess.start("kafka-format", format, home, options.logs().resolve("kafka-format.log"),
					Map.of());
			try {
				formatting.handle().onExit().get(60, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
				formatting.stop(5);
			}
			if (!Files.exists(logDir.resolve("meta.properties"))) {
				throw new IllegalStateException("Formatting Kafka storage failed:\n" + String.join("\n", formatting.tail(20)));
			}
		}
		List<String> run = new ArrayList<>(jvm);
		run.addAll(List.of("kafka.Kafka", config.toString()));
		return ChildProcess.start("kafka", run, home, log, Map.of());
	}

	private static String serverProperties(Options options, Path logDir) {
		return """
				process.roles=broker,controller
				node.id=1
				controller.quorum.voters=1@localhost:%d
				listeners=PLAINTEXT://localhost:%d,CONTROLLER://localhost:%d
				advertised.listeners=PLAINTEXT://localhost:%d
				controller.listener.names=CONTROLLER
				inter.broker.listener.name=PLAINTEXT
				listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
				log.dirs=%s
				num.partitions=3
				auto.create.topics.enable=true
				offsets.topic.replication.factor=1
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				share.coordinator.state.topic.replication.factor=1
				share.coordinator.state.topic.min.isr=1
				group.initial.rebalance.delay.ms=0
				""".formatted(options.kafkaControllerPort(), options.kafkaPort(), options.kafkaControllerPort(),
				options.kafkaPort(), logDir.toAbsolutePath());
	}

	/** True when the broker answers a metadata request. */
	static boolean isReady(int port) {
		Properties config = new Properties();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
		try (Admin admin = Admin.create(config)) {
			return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
		}
		catch (Exception ex) {
			return false;
		}
	}

}
