package io.tenantry.user.password;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * One password hash with the parameters logins use ({@link PasswordHashing#encoder(int)}):
 * hashing a new password, and verifying one against its stored hash (what a login costs).
 * Single-threaded, so the time is one core's. Run by {@code benchmarks/run-identity.sh},
 * which compares the login rate through the gateway with it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xmx512m" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class PasswordHashBenchmark {

	static final String PASSWORD = "harbour-violet-lantern-42";

	PasswordEncoder encoder;

	String stored;

	@Setup
	public void setUp() {
		this.encoder = PasswordHashing.encoder(1);
		this.stored = this.encoder.encode(PASSWORD);
	}

	@Benchmark
	public String hash() {
		return this.encoder.encode(PASSWORD);
	}

	@Benchmark
	public boolean verify() {
		return this.encoder.matches(PASSWORD, this.stored);
	}

}
