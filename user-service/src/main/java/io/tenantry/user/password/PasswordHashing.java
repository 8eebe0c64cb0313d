package io.tenantry.user.password;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing, in one place: the algorithm and its parameters, and the bounded pool
 * the hashing runs on.
 * <p>
 * New hashes are Argon2id with OWASP's minimum recommendation (19 MiB of memory, 2
 * iterations, parallelism 1, 16-byte salt, 32-byte hash), stored with an {@code {argon2}}
 * prefix. Older hashes ({@code {bcrypt}}, or Argon2id with other parameters) still verify
 * and are reported by {@link #needsRehash(String)} so that login upgrades them.
 * <p>
 * Every hash and verification runs on a pool of {@code tenantry.passwords.hashing-threads}
 * threads (half the processors by default) with a queue of
 * {@code tenantry.passwords.hashing-queue}: a flood of logins waits there, and past it is refused with {@link HashingBusyException}, instead of taking every
 * request thread and all the memory of the service.
 */
@Component
public class PasswordHashing implements DisposableBean {

	/** Argon2id memory cost in KiB (19 MiB). */
	public static final int ARGON2_MEMORY_KIB = 19 * 1024;

	public static final int ARGON2_ITERATIONS = 2;

	public static final int ARGON2_PARALLELISM = 1;

	public static final int ARGON2_SALT_BYTES = 16;

	public static final int ARGON2_HASH_BYTES = 32;

	private final PasswordEncoder encoder;

	private final ThreadPoolExecutor pool;

	/** Checked against when there is no hash; made on the pool after start, not during it. */
	private final CompletableFuture<String> dummyHash;

	PasswordHashing(PasswordProperties properties) {
		int threads = properties.effectiveHashingThreads();
		this.encoder = encoder(threads);
		AtomicInteger created = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(threads, threads, 0L,
				TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(properties.hashingQueue()), (task) -> {
					Thread thread = new Thread(task, "password-hashing-" + created.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.dummyHash = CompletableFuture
			.supplyAsync(() -> this.encoder.encode("a password nobody has, to spend the same time"), this.pool);
	}

	/**
	 * The encoder every password goes through: Argon2id for new hashes.
	 * @param concurrentHashes how many hashes may run at once without allocating Argon2
	 * memory (see {@link Argon2idEncoder})
	 */
	public static PasswordEncoder encoder(int concurrentHashes) {
		Argon2idEncoder argon2 = new Argon2idEncoder(ARGON2_SALT_BYTES, ARGON2_HASH_BYTES, ARGON2_PARALLELISM,
				ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, concurrentHashes);
		return new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2, "bcrypt", new BCryptPasswordEncoder(10)));
	}

	/** Hashes a new password, on the hashing pool. */
	public String hash(String password) {
		return run(() -> this.encoder.encode(password));
	}

	/**
	 * Checks a password against a stored hash, on the hashing pool. A missing hash (an
	 * unknown account, an invited user) is checked against a dummy hash, so the answer takes
	 * the same time and is false.
	 */
	public boolean matches(String password, String hash) {
		if (hash == null) {
			String dummy = this.dummyHash.join();
			run(() -> this.encoder.matches(password, dummy));
			return false;
		}
		return run(() -> this.encoder.matches(password, hash));
	}

	/** Whether a stored hash was made with other parameters than today's. */
	public boolean needsRehash(String hash) {
		return hash != null && this.encoder.upgradeEncoding(hash);
	}

	/** Requests waiting for a hashing thread now. */
	public int queued() {
		return this.pool.getQueue().size();
	}

	private <T> T run(java.util.concurrent.Callable<T> work) {
		Future<T> future;
		try {
			future = this.pool.submit(work);
		}
		catch (RejectedExecutionException ex) {
			throw new HashingBusyException();
		}
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new HashingBusyException();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public void destroy() {
		this.pool.shutdownNow();
	}

}
