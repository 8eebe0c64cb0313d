package io.tenantry.localstack;

import java.io.PrintStream;
import java.util.Locale;

/** The launcher's terminal output: one line per component event. */
public final class Console {

	private final PrintStream out;

	private final long started = System.nanoTime();

	public Console(PrintStream out) {
		this.out = out;
	}

	public synchronized void line(String format, Object... args) {
		this.out.println(String.format(Locale.ROOT, format, args));
		this.out.flush();
	}

	public void status(String component, String state, String detail) {
		line("  %-22s %-9s %s", component, state, detail);
	}

	public double elapsedSeconds() {
		return (System.nanoTime() - this.started) / 1e9;
	}

}
