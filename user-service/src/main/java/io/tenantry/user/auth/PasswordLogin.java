package io.tenantry.user.auth;

import java.util.Optional;

import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.user.account.UserAccount;
import io.tenantry.user.account.UserAccountRepository;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Email and password login of the platform tenant's accounts. Unknown email, wrong
 * password and an inactive account fail alike, and an unknown email still pays for one
 * hash comparison so that timing does not tell them apart.
 */
@Component
class PasswordLogin {

	private final UserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final TokenIssuer tokens;

	private final String dummyHash;

	PasswordLogin(UserAccountRepository accounts, PasswordEncoder passwordEncoder, TokenIssuer tokens) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.tokens = tokens;
		this.dummyHash = passwordEncoder.encode("not-a-password-anyone-has");
	}

	TokenResponse login(String email, String password) {
		Optional<UserAccount> account = TenantContext.callAs(PlatformTenant.ID, () -> this.accounts.findByEmail(email));
		String hash = account.map(UserAccount::getPasswordHash).orElse(this.dummyHash);
		boolean matches = this.passwordEncoder.matches(password, hash);
		if (account.isEmpty() || !matches || !account.get().isActive()) {
			throw new BadCredentialsException("Invalid email or password");
		}
		UserAccount user = account.get();
		return this.tokens.issue(user.getTenantId(), user.getId(), user.getRoles());
	}

}
