package io.tenantry.user.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.user.account.AccountStatus;
import io.tenantry.user.account.UserAccount;
import io.tenantry.user.account.UserAccountRepository;
import io.tenantry.user.events.AccountLocked;
import io.tenantry.user.events.AccountUnlocked;
import io.tenantry.user.events.LoginFailed;
import io.tenantry.user.events.LoginSucceeded;
import io.tenantry.user.mfa.Mfa;
import io.tenantry.user.password.PasswordHashing;
import io.tenantry.user.tenant.TenantDirectory;
import io.tenantry.user.token.OpaqueTokens;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first-party login: tenant slug, email and password, then the second factor when the
 * account has one.
 * <p>
 * An unknown tenant, an unknown email, a wrong password, a locked, invited or disabled
 * account all get the same answer, after about the same time: the lock is checked before
 * the password is hashed, and then a dummy hash is spent, so neither the body nor the
 * timing tells them apart. Failures within the lockout window lock the account for a
 * growing time. Hashing runs outside any transaction, on the bounded hashing pool; a hash
 * made with older parameters is replaced on a successful login.
 */
@Component
class Login {

	static final String MFA_TOKEN = "mfa";

	private static final int MAX_MFA_ATTEMPTS = 5;

	private final TenantDirectory tenants;

	private final UserAccountRepository accounts;

	private final PasswordHashing hashing;

	private final Sessions sessions;

	private final Mfa mfa;

	private final EventOutbox events;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TokenProperties properties;

	private final Clock clock;

	private final AuthMetrics metrics;

	Login(TenantDirectory tenants, UserAccountRepository accounts, PasswordHashing hashing, Sessions sessions, Mfa mfa,
			EventOutbox events, JdbcTemplate jdbc, TransactionTemplate transactions, TokenProperties properties,
			Clock clock, AuthMetrics metrics) {
		this.tenants = tenants;
		this.accounts = accounts;
		this.hashing = hashing;
		this.sessions = sessions;
		this.mfa = mfa;
		this.events = events;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	TokenResponse login(String tenantSlug, String email, String password, ClientInfo client) {
		String address = email.strip();
		// the tenant and the account's hash, lock and status in one read-only transaction
		Optional<Lookup> lookup = this.tenants.withLoginTenant(tenantSlug, (tenant) -> new Lookup(tenant,
				this.jdbc.query("select id, password_hash, status, locked_until from user_account"
						+ " where lower(email) = lower(?)", (rs, row) -> new Candidate(rs.getObject(1, UUID.class),
						rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4))), address)
					.stream()
					.findFirst()
					.orElse(null)));
		if (lookup.isEmpty()) {
			this.hashing.matches(password, null);
			this.metrics.login("unknown_tenant");
			throw refused();
		}
		TokenResponse response = TenantContext.callAs(lookup.get().tenant(),
				() -> attempt(lookup.get().candidate(), address, password, client));
		if (response == null) {
			throw refused();
		}
		return response;
	}

	private TokenResponse attempt(Candidate snapshot, String email, String password, ClientInfo client) {
		Instant now = this.clock.instant();
		if (snapshot == null) {
			this.hashing.matches(password, null);
			this.transactions.executeWithoutResult((tx) -> failed(null, email, "invalid_credentials"));
			return null;
		}
		if (snapshot.isLockedAt(now)) {
			this.hashing.matches(password, null);
			this.transactions.executeWithoutResult((tx) -> failed(snapshot.id(), email, "account_locked"));
			return null;
		}
		boolean matches = this.hashing.matches(password, snapshot.passwordHash());
		String upgraded = (matches && this.hashing.needsRehash(snapshot.passwordHash()))
				? this.hashing.hash(password) : null;
		return this.transactions.execute((tx) -> {
			UserAccount account = this.accounts.findForUpdate(snapshot.id()).orElse(null);
			if (account == null) {
				failed(null, email, "invalid_credentials");
				return null;
			}
			Instant at = this.clock.instant();
			if (account.liftExpiredLockout(at)) {
				this.events.append(Topics.USER, AccountUnlocked.TYPE, account.getId().toString(),
						new AccountUnlocked(account.getTenantId(), account.getId(), "timeout"));
			}
			if (!matches) {
				failPassword(account, at);
				return null;
			}
			if (!account.isActive()) {
				failed(account.getId(), email, account.isLockedAt(at) ? "account_locked" : "account_inactive");
				return null;
			}
			if (upgraded != null) {
				account.upgradePasswordHash(upgraded);
			}
			if (account.isMfaEnabled()) {
				this.accounts.saveAndFlush(account);
				this.metrics.login("mfa_required");
				return TokenResponse.mfaRequired(challenge(account, "LOGIN", client));
			}
			if (this.mfa.requiredFor(account)) {
				this.accounts.saveAndFlush(account);
				return TokenResponse.mfaEnrollmentRequired(challenge(account, "ENROLMENT", client));
			}
			return complete(account, List.of("pwd"), client);
		});
	}

	/** The second step: a TOTP or recovery code for the challenge a password login returned. */
	TokenResponse verifyMfa(String mfaToken, String code) {
		UUID tenant = OpaqueTokens.tenantOf(MFA_TOKEN, mfaToken).orElseThrow(Login::mfaRefused);
		TokenResponse response = TenantContext.callAs(tenant,
				() -> this.transactions.execute((tx) -> verifyChallenge(OpaqueTokens.hash(mfaToken), code)));
		if (response == null) {
			throw mfaRefused();
		}
		return response;
	}

	/** Starts TOTP enrolment for a login that must enrol before it completes. */
	Mfa.Enrolment startEnrolment(String mfaToken) {
		UUID tenant = OpaqueTokens.tenantOf(MFA_TOKEN, mfaToken).orElseThrow(Login::mfaRefused);
		return TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> {
			Challenge challenge = openChallenge(OpaqueTokens.hash(mfaToken)).filter((c) -> c.purpose().equals("ENROLMENT"))
				.orElseThrow(Login::mfaRefused);
			UserAccount account = this.accounts.findForUpdate(challenge.userId()).orElseThrow(Login::mfaRefused);
			return this.mfa.start(account);
		}));
	}

	private TokenResponse verifyChallenge(String tokenHash, String code) {
		Optional<Challenge> open = openChallenge(tokenHash);
		if (open.isEmpty()) {
			return null;
		}
		Challenge challenge = open.get();
		UserAccount account = this.accounts.findForUpdate(challenge.userId()).orElse(null);
		Instant now = this.clock.instant();
		if (account == null || !account.isActive()) {
			return null;
		}
		ClientInfo client = new ClientInfo(challenge.ip(), challenge.userAgent());
		if (challenge.purpose().equals("ENROLMENT")) {
			Optional<List<String>> codes = this.mfa.tryConfirm(account, code);
			if (codes.isEmpty()) {
				countMfaFailure(challenge, account, now);
				return null;
			}
			spend(tokenHash, now);
			return complete(account, List.of("pwd", "otp"), client).withRecoveryCodes(codes.get());
		}
		if (!this.mfa.verify(account, code)) {
			countMfaFailure(challenge, account, now);
			return null;
		}
		spend(tokenHash, now);
		return complete(account, List.of("pwd", "otp"), client);
	}

	private void countMfaFailure(Challenge challenge, UserAccount account, Instant now) {
		this.jdbc.update("update mfa_challenge set attempts = attempts + 1, used_at = case when attempts + 1 >= ? then cast(? as timestamptz) end"
				+ " where token_hash = ?", MAX_MFA_ATTEMPTS, Timestamp.from(now), challenge.tokenHash());
		failed(account.getId(), account.getEmail(), "invalid_mfa_code");
		lockIfTooMany(account, now);
	}

	private Optional<Challenge> openChallenge(String tokenHash) {
		return this.jdbc.query("""
				select token_hash, user_id, purpose, ip, user_agent from mfa_challenge
				where token_hash = ? and used_at is null and expires_at > ? for update
				""", (rs, row) -> new Challenge(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
				rs.getString(4), rs.getString(5)), tokenHash, Timestamp.from(this.clock.instant()))
			.stream()
			.findFirst();
	}

	private void spend(String tokenHash, Instant now) {
		this.jdbc.update("update mfa_challenge set used_at = ? where token_hash = ?", Timestamp.from(now), tokenHash);
	}

	private String challenge(UserAccount account, String purpose, ClientInfo client) {
		String token = OpaqueTokens.generate(MFA_TOKEN, account.getTenantId());
		Instant now = this.clock.instant();
		this.jdbc.update("""
				insert into mfa_challenge (token_hash, tenant_id, user_id, purpose, expires_at, ip, user_agent)
				values (?, ?, ?, ?, ?, ?, ?)
				""", OpaqueTokens.hash(token), account.getTenantId(), account.getId(), purpose,
				Timestamp.from(now.plus(this.properties.mfaChallengeTtl())), client.ip(), client.userAgent());
		return token;
	}

	private TokenResponse complete(UserAccount account, List<String> methods, ClientInfo client) {
		Instant now = this.clock.instant();
		account.recordLogin(now);
		this.accounts.saveAndFlush(account);
		recordAttempt(account.getId(), true);
		Sessions.Opened session = this.sessions.open(account, methods, client);
		this.events.append(Topics.USER, LoginSucceeded.TYPE, account.getId().toString(),
				new LoginSucceeded(account.getTenantId(), account.getId(), account.getEmail(), session.id(), methods),
				"user", account.getId().toString());
		this.metrics.login("succeeded");
		this.metrics.tokenIssued(methods.contains("otp") ? "mfa" : "password");
		return session.tokens();
	}

	private void failPassword(UserAccount account, Instant now) {
		failed(account.getId(), account.getEmail(), "invalid_credentials");
		lockIfTooMany(account, now);
	}

	private void lockIfTooMany(UserAccount account, Instant now) {
		TokenProperties.Lockout lockout = this.properties.lockout();
		boolean locked = account.recordFailedLogin(now, lockout.maxFailures(), lockout.window(), lockout.durations());
		this.accounts.saveAndFlush(account);
		if (locked) {
			this.metrics.lockedOut();
			this.events.append(Topics.USER, AccountLocked.TYPE, account.getId().toString(),
					new AccountLocked(account.getTenantId(), account.getId(), account.getLockedUntil(),
							account.getLockouts()),
					"system", null);
		}
	}

	private void failed(UUID userId, String email, String reason) {
		this.metrics.login(reason);
		recordAttempt(userId, false);
		this.events.append(Topics.USER, LoginFailed.TYPE, (userId != null) ? userId.toString() : email,
				new LoginFailed(TenantContext.requireTenantId(), userId, email, reason));
	}

	private void recordAttempt(UUID userId, boolean succeeded) {
		this.jdbc.update("insert into login_attempt (tenant_id, user_id, succeeded, attempted_at) values (?, ?, ?, ?)",
				TenantContext.requireTenantId(), userId, succeeded, Timestamp.from(this.clock.instant()));
	}

	private static BadCredentialsException refused() {
		return new BadCredentialsException("Invalid tenant, email or password");
	}

	private static BadCredentialsException mfaRefused() {
		return new BadCredentialsException("The code, or the MFA token, is invalid or expired");
	}

	private record Challenge(String tokenHash, UUID userId, String purpose, String ip, String userAgent) {
	}

	private record Lookup(UUID tenant, Candidate candidate) {
	}

	/** What a login needs of an account before hashing. */
	private record Candidate(UUID id, String passwordHash, String status, Instant lockedUntil) {

		boolean isLockedAt(Instant now) {
			return UserAccount.isLocked(AccountStatus.valueOf(this.status), this.lockedUntil, now);
		}

	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
