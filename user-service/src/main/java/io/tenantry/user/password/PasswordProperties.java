package io.tenantry.user.password;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password settings. The policy moves to a per-tenant setting with the security-service.
 *
 * @param minLength the shortest password accepted
 * @param history how many previous passwords may not be reused
 * @param hashingThreads threads that hash passwords (at most this many hashes run at once);
 * 0, the default, means half the processors and at least one: Argon2id is memory-bound, two
 * hashes on two cores each run about a third slower, and the other cores serve the
 * requests, the database and the token signing meanwhile
 * @param hashingQueue hashes that may wait for a thread before requests are refused
 */
@ConfigurationProperties("tenantry.passwords")
public record PasswordProperties(@DefaultValue("12") int minLength, @DefaultValue("5") int history,
		@DefaultValue("0") int hashingThreads, @DefaultValue("64") int hashingQueue) {

	/** The number of hashing threads to run. */
	public int effectiveHashingThreads() {
		return (this.hashingThreads > 0) ? this.hashingThreads
				: Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

}
