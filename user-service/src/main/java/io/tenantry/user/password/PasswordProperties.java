package io.tenantry.user.password;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password settings. The policy moves to a per-tenant setting with the security-service.
 *
 * @param minLength the shortest password accepted
 * @param history how many previous passwords may not be reused
 * @param hashingThreads threads that hash passwords (at most this many hashes run at once)
 * @param hashingQueue hashes that may wait for a thread before requests are refused
 */
@ConfigurationProperties("tenantry.passwords")
public record PasswordProperties(@DefaultValue("12") int minLength, @DefaultValue("5") int history,
		@DefaultValue("2") int hashingThreads, @DefaultValue("64") int hashingQueue) {

}
