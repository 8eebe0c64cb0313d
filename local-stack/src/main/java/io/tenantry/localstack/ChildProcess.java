package io.tenantry.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM the launcher started, with its output in one log file. */
class ChildProcess {

	/** The line each start writes to the log before the JVM's own output. */
	static final String START_MARKER = "--- started ";

	private final String name;

	private final Path log;

	private final Process process;

	private ChildProcess(String name, Path log, Process process) {
		this.name = name;
		this.log = log;
		this.process = process;
	}

	static ChildProcess start(String name, List<String> command, Path workingDir, Path log,
			java.util.Map<String, String> environment) throws IOException {
		Files.createDirectories(log.getParent());
		// restarts append, so the log keeps what happened before a crash
		Files.writeString(log, START_MARKER + name + " " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		builder.environment().putAll(environment);
		return new ChildProcess(name, log, builder.start());
	}

	String name() {
		return this.name;
	}

	Path log() {
		return this.log;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	int exitValue() {
		return this.process.exitValue();
	}

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	/** Asks the JVM to shut down (SIGTERM); kills it if it has not exited within the grace period. */
	void stop(long graceSeconds) {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** Kills the JVM at once (SIGKILL): no shutdown hooks, no graceful close. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The last lines of the log, to show why a start failed. */
	List<String> tail(int lines) {
		Deque<String> last = new ArrayDeque<>();
		try (RandomAccessFile file = new RandomAccessFile(this.log.toFile(), "r")) {
			long length = file.length();
			long from = Math.max(0, length - 64 * 1024);
			file.seek(from);
			byte[] bytes = new byte[(int) (length - from)];
			file.readFully(bytes);
			for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
				last.addLast(line);
				if (last.size() > lines) {
					last.removeFirst();
				}
			}
		}
		catch (IOException ex) {
			last.add("(cannot read " + this.log + ": " + ex.getMessage() + ")");
		}
		return List.copyOf(last);
	}

}
