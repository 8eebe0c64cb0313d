package io.tenantry.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.tenantry.common.db.DatabaseProvisioner;
import io.tenantry.common.db.DatabaseProvisioner.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Embedded PostgreSQL 17 whose data directory survives restarts, with one database and
 * role pair per domain service.
 */
final class Postgres implements AutoCloseable {

	private final EmbeddedPostgres postgres;

	private final Path data;

	private Postgres(EmbeddedPostgres postgres, Path data) {
		this.postgres = postgres;
		this.data = data;
	}

	static Postgres start(Path dataDir, Path log, int port, List<App> services) throws IOException {
		Path data = dataDir.resolve("postgres");
		Files.createDirectories(data);
		stopLeftover(data);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(dataDir.resolve("postgres-bin").toFile())
			.setServerConfig("max_connections", "200")
			.setPGStartupWait(Duration.ofSeconds(60))
			.setRegisterShutdownHook(false)
			.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		DatabaseProvisioner provisioner = new DatabaseProvisioner("jdbc:postgresql://localhost:" + port + "/",
				"postgres", "postgres");
		for (App service : services) {
			ServiceDatabase defaults = ServiceDatabase.localDefaults(service.name());
			provisioner.provision(service.name(), defaults.ownerPassword(), defaults.appPassword());
		}
		return new Postgres(postgres, data);
	}

	/**
	 * A launcher killed with SIGKILL leaves its postmaster running on the data directory;
	 * stop it so this start can take over.
	 */
	private static void stopLeftover(Path data) throws IOException {
		Path pidFile = data.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
		Optional<ProcessHandle> leftover = first.matches("\\d+") ? ProcessHandle.of(Long.parseLong(first))
				: Optional.empty();
		leftover.filter(ProcessHandle::isAlive).ifPresent((process) -> {
			process.destroy();
			process.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
		});
		Files.deleteIfExists(pidFile);
	}

	int port() {
		return this.postgres.getPort();
	}

	/** The postmaster and its backends, for the memory report. */
	List<ProcessHandle> processes() {
		try {
			String first = Files.readAllLines(this.data.resolve("postmaster.pid")).stream().findFirst().orElse("").trim();
			return ProcessHandle.of(Long.parseLong(first))
				.map((postmaster) -> java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster),
						postmaster.descendants())
					.toList())
				.orElse(List.of());
		}
		catch (IOException | NumberFormatException ex) {
			return List.of();
		}
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

}
