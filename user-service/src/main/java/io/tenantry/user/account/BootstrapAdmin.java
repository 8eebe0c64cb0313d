package io.tenantry.user.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.user.password.PasswordHashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure the platform has an operator: on start, creates the bootstrap
 * {@code PLATFORM_ADMIN} in the platform tenant unless that account exists. Its password
 * comes from configuration, or is generated, stored only as a hash, and printed once.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

	/** Printed before a generated password; the local launcher looks for it. */
	static final String GENERATED_MARKER = "TENANTRY BOOTSTRAP ADMIN";

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	private final BootstrapAdminProperties properties;

	private final UserAccountRepository accounts;

	private final PasswordHashing hashing;

	private final TransactionTemplate transactions;

	private final Clock clock;

	BootstrapAdmin(BootstrapAdminProperties properties, UserAccountRepository accounts,
			PasswordHashing hashing, TransactionTemplate transactions, Clock clock) {
		this.properties = properties;
		this.accounts = accounts;
		this.hashing = hashing;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		ensure(this.properties.email(), this.properties.password()).ifPresent((generated) -> log.warn("""

				==================== {} ====================
				  email:    {}
				  password: {}
				  Generated on first start and shown only this once; it is stored hashed.
				==========================================================================""", GENERATED_MARKER,
				this.properties.email(), generated));
	}

	/**
	 * Creates the admin account when missing.
	 * @return the generated password, when one had to be generated
	 */
	Optional<String> ensure(String email, String configuredPassword) {
		return TenantContext.callAs(PlatformTenant.ID, () -> this.transactions.execute((tx) -> {
			if (this.accounts.findByEmail(email).isPresent()) {
				return Optional.<String>empty();
			}
			boolean generate = configuredPassword == null || configuredPassword.isBlank();
			String password = generate ? randomPassword() : configuredPassword;
			this.accounts.save(new UserAccount(PlatformTenant.ID, email, "Platform admin", this.hashing.hash(password),
					List.of(Role.PLATFORM_ADMIN.name()), this.clock.instant()));
			log.info("Created bootstrap platform admin {}", email);
			return generate ? Optional.of(password) : Optional.<String>empty();
		}));
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
