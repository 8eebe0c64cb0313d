package io.tenantry.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tenantry start}: starts the suite, prints where it is and how to log in, and
 * stops every process it started on Ctrl-C or {@code tenantry stop} (SIGTERM).
 */
public final class LocalStackMain {

	private LocalStackMain() {
	}

	public static void main(String[] args) throws Exception {
		Console console = new Console(System.out);
		Options options = parse(args, Options.defaults(Path.of("").toAbsolutePath()));
		String password = System.getenv("TENANTRY_BOOTSTRAP_ADMIN_PASSWORD");
		if (password != null && !password.isBlank()) {
			options = options.withAdminPassword(password);
		}
		LocalStack stack = new LocalStack(options, console);
		CountDownLatch stopped = new CountDownLatch(1);
		Path pidFile = options.dataDir().resolve("launcher.pid");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			console.line("Stopping Tenantry...");
			stack.close();
			deleteQuietly(pidFile);
			console.line("Stopped; nothing left running.");
			stopped.countDown();
		}, "tenantry-stop"));
		try {
			Files.createDirectories(options.dataDir());
			Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
			stack.start();
		}
		catch (StartFailure failure) {
			console.line("");
			console.line("Tenantry did not start: %s", failure.getMessage());
			if (!failure.logTail().isEmpty()) {
				console.line("Last lines of its log:");
				failure.logTail().forEach((line) -> console.line("    %s", line));
			}
			console.line("Logs: %s", options.logs());
			System.exit(1);
		}
		printSummary(console, stack);
		stopped.await();
	}

	static Options parse(String[] args, Options options) {
		Options parsed = options;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--data-dir" -> parsed = parsed.withDataDir(Path.of(args[++i]).toAbsolutePath());
				case "--port-offset" -> parsed = parsed.withPortOffset(Integer.parseInt(args[++i]));
				default -> throw new IllegalArgumentException("Unknown option " + args[i]
						+ " (options: --data-dir DIR, --port-offset N)");
			}
		}
		return parsed;
	}

	private static void printSummary(Console console, LocalStack stack) {
		Options options = stack.options();
		double gib = 1024.0 * 1024 * 1024;
		console.line("");
		console.line("All healthy in %.1f s; memory %.2f GiB RSS summed over %d processes (%.2f GiB PSS).",
				console.elapsedSeconds(), stack.residentBytes() / gib, stack.processCount(),
				stack.proportionalBytes() / gib);
		console.line("");
		console.line("  Gateway    %s", stack.gatewayUrl());
		console.line("  Discovery  http://localhost:%d", options.port(App.DISCOVERY));
		console.line("  Logs       %s", options.logs());
		console.line("  Mailbox    %s (password resets and invitations, one JSON file each)", options.mailbox());
		String password = (options.adminPassword() != null) ? options.adminPassword()
				: stack.generatedAdminPassword().orElse(null);
		console.line("  Log in     curl -s -X POST %s/api/auth/login -H 'Content-Type: application/json' \\",
				stack.gatewayUrl());
		console.line("               -d '{\"tenant\":\"platform\",\"email\":\"admin@tenantry.local\",\"password\":\"%s\"}'",
				(password != null) ? password : "<password>");
		if (password == null) {
			console.line("             (the admin password was printed when this data directory was first used;");
			console.line("              to choose one, set TENANTRY_BOOTSTRAP_ADMIN_PASSWORD on a new --data-dir)");
		}
		else if (options.adminPassword() == null) {
			console.line("             (generated on this first start and stored hashed: note it now)");
		}
		console.line("  Stop       Ctrl-C, or ./tenantry stop");
		console.line("");
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// best effort
		}
	}

}
