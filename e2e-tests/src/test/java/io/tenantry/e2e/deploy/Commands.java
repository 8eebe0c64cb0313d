package io.tenantry.e2e.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools that validate deployment files (helm, docker-compose, promtool). */
final class Commands {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private Commands() {
	}

	record Result(int exitCode, String output, String errors) {

		String describe() {
			return "exit code " + this.exitCode + "\n--- stdout\n" + this.output + "\n--- stderr\n" + this.errors;
		}

	}

	static Result run(List<String> command) {
		try {
			Path errors = Files.createTempFile("tenantry-command", ".err");
			try {
				Process process = new ProcessBuilder(command).directory(Project.root().toFile())
					.redirectError(errors.toFile())
					.start();
				process.getOutputStream().close();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new AssertionError(command + " did not finish within " + TIMEOUT.toSeconds() + " s");
				}
				return new Result(process.exitValue(), output, Files.readString(errors));
			}
			finally {
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The executable named {@code name} on the PATH, if there is one. */
	static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Arrays.stream(path.split(File.pathSeparator))
			.filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
