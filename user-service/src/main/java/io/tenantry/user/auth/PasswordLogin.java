package io.tenantry.user.auth;

import java.util.Optional;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.user.account.UserAccount;
import io.tenantry.user.account.UserAccountRepository;
import io.tenantry.user.events.LoginFailed;
import io.tenantry.user.events.LoginSucceeded;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Email and password login of the platform tenant's accounts. Unknown email, wrong
 * password and an inactive account fail alike, and an unknown email still pays for one
 * hash comparison so that timing does not tell them apart. Every attempt is an event.
 */
@Component
class PasswordLogin {

	private final UserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final TokenIssuer tokens;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final String dummyHash;

	PasswordLogin(UserAccountRepository accounts, PasswordEncoder passwordEncoder, TokenIssuer tokens,
			EventOutbox events, TransactionTemplate transactions) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.tokens = tokens;
		this.events = events;
		this.transactions = transactions;
		this.dummyHash = passwordEncoder.encode("not-a-password-anyone-has");
	}

	TokenResponse login(String email, String password) {
		Optional<TokenResponse> token = TenantContext.callAs(PlatformTenant.ID,
				() -> this.transactions.execute((tx) -> attempt(email, password)));
		return token.orElseThrow(() -> new BadCredentialsException("Invalid email or password"));
	}

	private Optional<TokenResponse> attempt(String email, String password) {
		Optional<UserAccount> account = this.accounts.findByEmail(email);
		String hash = account.map(UserAccount::getPasswordHash).orElse(this.dummyHash);
		boolean matches = this.passwordEncoder.matches(password, hash);
		if (account.isEmpty() || !matches || !account.get().isActive()) {
			String reason = (account.isPresent() && matches) ? "account_inactive" : "invalid_credentials";
			LoginFailed failed = new LoginFailed(PlatformTenant.ID, account.map(UserAccount::getId).orElse(null), email,
					reason);
			this.events.append(Topics.USER, LoginFailed.TYPE,
					(failed.userId() != null) ? failed.userId().toString() : email, failed);
			return Optional.empty();
		}
		UserAccount user = account.get();
		this.events.append(Topics.USER, LoginSucceeded.TYPE, user.getId().toString(),
				new LoginSucceeded(user.getTenantId(), user.getId(), user.getEmail()), "user", user.getId().toString());
		return Optional.of(this.tokens.issue(user.getTenantId(), user.getId(), user.getRoles()));
	}

}
