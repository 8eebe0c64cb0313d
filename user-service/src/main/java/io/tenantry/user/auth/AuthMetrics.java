package io.tenantry.user.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.common.jpa.AfterCommit;

import org.springframework.stereotype.Component;

/**
 * Identity's business metrics: {@code tenantry.auth.logins} by outcome (succeeded,
 * mfa_required, or the refusal's reason) and {@code tenantry.auth.tokens.issued} by grant
 * (password, mfa, refresh_token, client_credentials), {@code tenantry.auth.lockouts}: accounts
 * locked by repeated failures. Tags come from fixed sets; no tenant
 * or user tag, so their number stays bounded.
 */
@Component
public class AuthMetrics {

	static final String[] OUTCOMES = { "succeeded", "mfa_required", "invalid_credentials", "account_locked",
			"account_inactive", "invalid_mfa_code", "unknown_tenant" };

	static final String[] GRANTS = { "password", "mfa", "refresh_token", "client_credentials" };

	private final MeterRegistry meters;

	AuthMetrics(MeterRegistry meters) {
		this.meters = meters;
		for (String outcome : OUTCOMES) {
			login(outcome, 0);
		}
		for (String grant : GRANTS) {
			tokens(grant).increment(0);
		}
		lockouts();
	}

	/** Repeated failures locked an account: counted once the lock commits. */
	void lockedOut() {
		AfterCommit.run(() -> lockouts().increment());
	}

	void login(String outcome) {
		login(outcome, 1);
	}

	/** An access token was issued through {@code grant}. */
	public void tokenIssued(String grant) {
		tokens(grant).increment();
	}

	private void login(String outcome, double amount) {
		Counter.builder("tenantry.auth.logins")
			.description("Login attempts by outcome")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment(amount);
	}

	private Counter lockouts() {
		return Counter.builder("tenantry.auth.lockouts")
			.description("Accounts locked after repeated login failures")
			.register(this.meters);
	}

	private Counter tokens(String grant) {
		return Counter.builder("tenantry.auth.tokens.issued")
			.description("Access tokens issued, by grant")
			.tag("grant", grant)
			.register(this.meters);
	}

}
