package io.tenantry.user.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.user.events.PasswordChanged;
import io.tenantry.user.events.PasswordResetRequested;
import io.tenantry.common.notification.Notification;
import io.tenantry.common.notification.Notifications;
import io.tenantry.user.password.PasswordHashing;
import io.tenantry.user.password.PasswordPolicy;
import io.tenantry.user.tenant.TenantDirectory;
import io.tenantry.user.token.OpaqueTokens;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Passwords and the single-use tokens that set them.
 * <ul>
 * <li>A new password passes the {@link PasswordPolicy} and is none of the last
 * {@code history} passwords of the account.</li>
 * <li>A reset is asked for by email and always accepted, whether or not the account
 * exists, so the answer reveals nothing; the token is single-use, stored as a SHA-256,
 * and valid 30 minutes. An invitation token is valid 7 days.</li>
 * <li>Setting or changing a password ends the account's other sessions.</li>
 * </ul>
 * Hashing runs outside database transactions, on the bounded hashing pool.
 */
@Service
public class Credentials {

	static final String RESET_TOKEN = "prt";

	static final String INVITATION_TOKEN = "inv";

	static final Duration RESET_TTL = Duration.ofMinutes(30);

	static final Duration INVITATION_TTL = Duration.ofDays(7);

	private final UserAccountRepository accounts;

	private final PasswordHashing hashing;

	private final PasswordPolicy policy;

	private final Notifications notifications;

	private final TenantDirectory tenants;

	private final EventOutbox events;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	Credentials(UserAccountRepository accounts, PasswordHashing hashing, PasswordPolicy policy,
			Notifications notifications, TenantDirectory tenants, EventOutbox events, JdbcTemplate jdbc,
			TransactionTemplate transactions, ApplicationEventPublisher publisher, Clock clock) {
		this.accounts = accounts;
		this.hashing = hashing;
		this.policy = policy;
		this.notifications = notifications;
		this.tenants = tenants;
		this.events = events;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.publisher = publisher;
		this.clock = clock;
	}

	/** Checks a new password against the policy and the history, then hashes it. */
	String hashNewPassword(String password, String email, List<String> previousHashes) {
		List<String> violations = this.policy.violations(password, email);
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(
					violations.stream().map((v) -> new InvalidRequestException.FieldError("password", v)).toList());
		}
		for (String previous : previousHashes) {
			if (this.hashing.matches(password, previous)) {
				throw new InvalidRequestException("password",
						"must not be one of the last " + this.policy.history() + " passwords");
			}
		}
		return this.hashing.hash(password);
	}

	/** Adds a hash to the account's history, keeping the last {@code history}. */
	void remember(UserAccount account, String hash) {
		this.jdbc.update("insert into password_history (tenant_id, user_id, password_hash, created_at) values (?, ?, ?, ?)",
				account.getTenantId(), account.getId(), hash, java.sql.Timestamp.from(this.clock.instant()));
		this.jdbc.update("""
				delete from password_history where user_id = ? and id not in (
				    select id from password_history where user_id = ? order by id desc limit ?)
				""", account.getId(), account.getId(), this.policy.history());
	}

	private List<String> history(UUID userId) {
		return this.jdbc.queryForList(
				"select password_hash from password_history where user_id = ? order by id desc limit ?",
				String.class, userId, this.policy.history());
	}

	/** Sends an invited account its invitation, with a token to set the first password. */
	void invite(UserAccount account) {
		String token = issue(account, "INVITATION", INVITATION_TOKEN, INVITATION_TTL);
		this.notifications.send(new Notification(account.getTenantId(), account.getEmail(), "invitation",
				"You are invited to Tenantry", """
						You have been invited to Tenantry as %s.
						Choose your password with this token (valid 7 days):

						%s
						""".formatted(account.getEmail(), token), token));
	}

	/** The caller changes their own password, proving the current one. */
	public void change(Caller caller, UUID userId, String currentPassword, String newPassword) {
		if (!caller.is(userId)) {
			throw new org.springframework.security.access.AccessDeniedException(
					"Only the user may change their password; an administrator sends a reset instead");
		}
		UserAccount account = this.transactions.execute((tx) -> this.accounts.findById(userId))
			.orElseThrow(() -> Users.notFound(userId));
		if (!this.hashing.matches(currentPassword, account.getPasswordHash())) {
			throw new InvalidRequestException("currentPassword", "is not the current password");
		}
		List<String> history = this.transactions.execute((tx) -> history(userId));
		String hash = hashNewPassword(newPassword, account.getEmail(), history);
		this.transactions.executeWithoutResult((tx) -> {
			UserAccount locked = this.accounts.findForUpdate(userId).orElseThrow(() -> Users.notFound(userId));
			applyNewPassword(locked, hash, "change", caller.sessionId());
		});
	}

	/**
	 * Sends a reset token to the account with this email in the tenant with this slug, if
	 * there is one and it can log in. Says nothing either way.
	 */
	public void requestReset(String tenantSlug, String email) {
		Optional<UUID> tenant = this.tenants.loginTenant(tenantSlug);
		if (tenant.isEmpty()) {
			return;
		}
		TenantContext.runAs(tenant.get(), () -> this.transactions.executeWithoutResult((tx) -> {
			Optional<UserAccount> found = this.accounts.findByEmail(email.strip());
			if (found.isEmpty() || found.get().getStatus() == AccountStatus.DISABLED
					|| found.get().getStatus() == AccountStatus.INVITED) {
				return;
			}
			UserAccount account = found.get();
			String token = issue(account, "PASSWORD_RESET", RESET_TOKEN, RESET_TTL);
			Instant expires = this.clock.instant().plus(RESET_TTL);
			this.notifications.send(new Notification(account.getTenantId(), account.getEmail(), "password-reset",
					"Reset your Tenantry password", """
							Someone asked to reset the password of %s.
							If it was you, set a new password with this token (valid 30 minutes):

							%s

							If it was not you, ignore this message; your password is unchanged.
							""".formatted(account.getEmail(), token), token));
			this.events.append(Topics.USER, PasswordResetRequested.TYPE, account.getId().toString(),
					new PasswordResetRequested(account.getTenantId(), account.getId(), expires), "user",
					account.getId().toString());
		}));
	}

	/**
	 * Sets a password with a reset or invitation token, and spends the token. A password
	 * the policy refuses leaves the token unspent, so the user can choose another.
	 */
	public void setWithToken(String token, String newPassword) {
		String kind = token.startsWith(INVITATION_TOKEN + "_") ? INVITATION_TOKEN : RESET_TOKEN;
		String purpose = INVITATION_TOKEN.equals(kind) ? "INVITATION" : "PASSWORD_RESET";
		UUID tenant = OpaqueTokens.tenantOf(kind, token).orElseThrow(Credentials::invalidToken);
		String tokenHash = OpaqueTokens.hash(token);
		TenantContext.runAs(tenant, () -> {
			UUID userId = this.transactions.execute((tx) -> validToken(tokenHash, purpose));
			UserAccount account = this.transactions.execute((tx) -> this.accounts.findById(userId))
				.orElseThrow(Credentials::invalidToken);
			String hash = hashNewPassword(newPassword, account.getEmail(),
					this.transactions.execute((tx) -> history(userId)));
			this.transactions.executeWithoutResult((tx) -> {
				int spent = this.jdbc.update(
						"update one_time_token set used_at = ? where token_hash = ? and used_at is null and expires_at > ?",
						java.sql.Timestamp.from(this.clock.instant()), tokenHash,
						java.sql.Timestamp.from(this.clock.instant()));
				if (spent != 1) {
					throw invalidToken();
				}
				UserAccount locked = this.accounts.findForUpdate(userId).orElseThrow(Credentials::invalidToken);
				if (locked.getStatus() == AccountStatus.DISABLED) {
					throw invalidToken();
				}
				applyNewPassword(locked, hash, INVITATION_TOKEN.equals(kind) ? "invitation" : "reset", null);
			});
		});
	}

	private UUID validToken(String tokenHash, String purpose) {
		List<UUID> users = this.jdbc.queryForList("""
				select user_id from one_time_token
				where token_hash = ? and purpose = ? and used_at is null and expires_at > ?
				""", UUID.class, tokenHash, purpose, java.sql.Timestamp.from(this.clock.instant()));
		return users.stream().findFirst().orElseThrow(Credentials::invalidToken);
	}

	private void applyNewPassword(UserAccount account, String hash, String via, UUID keepSession) {
		AccountStatus before = account.getStatus();
		account.setPasswordHash(hash, this.clock.instant());
		this.accounts.saveAndFlush(account);
		remember(account, hash);
		this.events.append(Topics.USER, PasswordChanged.TYPE, account.getId().toString(),
				new PasswordChanged(account.getTenantId(), account.getId(), via), "user", account.getId().toString());
		if (before == AccountStatus.INVITED) {
			this.events.append(Topics.USER, io.tenantry.user.events.UserStatusChanged.TYPE,
					account.getId().toString(), new io.tenantry.user.events.UserStatusChanged(account.getTenantId(),
							account.getId(), before.name(), account.getStatus().name()),
					"user", account.getId().toString());
		}
		this.publisher.publishEvent(new AccessWithdrawn(account.getTenantId(), account.getId(), "password-changed",
				keepSession));
	}

	private String issue(UserAccount account, String purpose, String kind, Duration ttl) {
		String token = OpaqueTokens.generate(kind, account.getTenantId());
		Instant now = this.clock.instant();
		this.jdbc.update("update one_time_token set used_at = ? where user_id = ? and purpose = ? and used_at is null",
				java.sql.Timestamp.from(now), account.getId(), purpose);
		this.jdbc.update("""
				insert into one_time_token (token_hash, tenant_id, user_id, purpose, created_at, expires_at)
				values (?, ?, ?, ?, ?, ?)
				""", OpaqueTokens.hash(token), account.getTenantId(), account.getId(), purpose,
				java.sql.Timestamp.from(now), java.sql.Timestamp.from(now.plus(ttl)));
		return token;
	}

	private static InvalidRequestException invalidToken() {
		return new InvalidRequestException("token", "is invalid, expired or already used");
	}

}
