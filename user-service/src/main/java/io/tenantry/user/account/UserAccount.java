package io.tenantry.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A person who can log in to one tenant. Status moves INVITED -> ACTIVE (first password),
 * ACTIVE <-> LOCKED (failed logins, or an admin), ACTIVE/LOCKED <-> DISABLED (an admin).
 */
@Entity
@Table(name = "user_account")
public class UserAccount {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private UUID tenantId;

	private String email;

	private String displayName;

	private String passwordHash;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(columnDefinition = "text[]")
	private List<String> roles;

	@Enumerated(EnumType.STRING)
	private AccountStatus status;

	private Instant createdAt;

	private Instant updatedAt;

	private Instant passwordChangedAt;

	private Instant lastLoginAt;

	private int failedAttempts;

	private Instant firstFailedAt;

	private Instant lockedUntil;

	private int lockouts;

	private byte[] mfaSecret;

	private Instant mfaEnabledAt;

	private Long mfaLastStep;

	@Version
	private long version;

	protected UserAccount() {
	}

	UserAccount(UUID tenantId, String email, String displayName, String passwordHash, List<String> roles,
			Instant now) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId;
		this.email = email;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.roles = List.copyOf(roles);
		this.status = (passwordHash != null) ? AccountStatus.ACTIVE : AccountStatus.INVITED;
		this.createdAt = now;
		this.updatedAt = now;
		this.passwordChangedAt = (passwordHash != null) ? now : null;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public String getEmail() {
		return this.email;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	public List<String> getRoles() {
		return this.roles;
	}

	public AccountStatus getStatus() {
		return this.status;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public Instant getLastLoginAt() {
		return this.lastLoginAt;
	}

	public Instant getPasswordChangedAt() {
		return this.passwordChangedAt;
	}

	public int getFailedAttempts() {
		return this.failedAttempts;
	}

	public Instant getFirstFailedAt() {
		return this.firstFailedAt;
	}

	public Instant getLockedUntil() {
		return this.lockedUntil;
	}

	public int getLockouts() {
		return this.lockouts;
	}

	public byte[] getMfaSecret() {
		return this.mfaSecret;
	}

	public boolean isMfaEnabled() {
		return this.mfaEnabledAt != null;
	}

	public Long getMfaLastStep() {
		return this.mfaLastStep;
	}

	public boolean isActive() {
		return this.status == AccountStatus.ACTIVE;
	}

	public boolean hasAnyRole(java.util.Set<Role> wanted) {
		return Role.anyIn(this.roles, wanted);
	}

	void rename(String displayName, Instant now) {
		this.displayName = displayName;
		this.updatedAt = now;
	}

	void changeEmail(String email, Instant now) {
		this.email = email;
		this.updatedAt = now;
	}

	void changeRoles(List<String> roles, Instant now) {
		this.roles = List.copyOf(roles);
		this.updatedAt = now;
	}

	/** An administrator's change of status; the login lockout has its own methods. */
	void changeStatus(AccountStatus next, Instant now) {
		if (next == AccountStatus.INVITED && this.status != AccountStatus.INVITED) {
			throw new IllegalStatusChangeException(this.status, next);
		}
		if (this.status == AccountStatus.INVITED && next != AccountStatus.INVITED
				&& next != AccountStatus.DISABLED) {
			throw new IllegalStatusChangeException(this.status, next);
		}
		if (next == AccountStatus.LOCKED) {
			this.lockedUntil = null;
		}
		if (next == AccountStatus.ACTIVE) {
			this.failedAttempts = 0;
			this.firstFailedAt = null;
			this.lockedUntil = null;
		}
		this.status = next;
		this.updatedAt = now;
	}

	/** Sets a new password hash; an invited user becomes active with their first password. */
	public void setPasswordHash(String hash, Instant now) {
		this.passwordHash = hash;
		this.passwordChangedAt = now;
		this.updatedAt = now;
		if (this.status == AccountStatus.INVITED) {
			this.status = AccountStatus.ACTIVE;
		}
	}

	/** Replaces a hash made with older parameters, without it counting as a change. */
	public void upgradePasswordHash(String hash) {
		this.passwordHash = hash;
	}

	/**
	 * A failed login: counts it in the current window (a new window starts when the last
	 * has passed) and, at {@code maxFailures}, locks the account for the duration of its
	 * {@code lockouts}-th lockout.
	 * @return whether this failure locked the account
	 */
	public boolean recordFailedLogin(Instant now, int maxFailures, java.time.Duration window,
			List<java.time.Duration> lockDurations) {
		if (this.firstFailedAt == null || this.firstFailedAt.plus(window).isBefore(now)) {
			this.firstFailedAt = now;
			this.failedAttempts = 0;
		}
		this.failedAttempts++;
		if (this.failedAttempts >= maxFailures && this.status == AccountStatus.ACTIVE) {
			java.time.Duration duration = lockDurations.get(Math.min(this.lockouts, lockDurations.size() - 1));
			this.lockouts++;
			this.lockedUntil = now.plus(duration);
			this.status = AccountStatus.LOCKED;
			this.failedAttempts = 0;
			this.firstFailedAt = null;
			this.updatedAt = now;
			return true;
		}
		return false;
	}

	/** Whether a lockout still holds at {@code now} (an admin's lock has no end). */
	public boolean isLockedAt(Instant now) {
		return isLocked(this.status, this.lockedUntil, now);
	}

	/** Whether an account with this status and lock end is locked at {@code now}. */
	public static boolean isLocked(AccountStatus status, Instant lockedUntil, Instant now) {
		return status == AccountStatus.LOCKED && (lockedUntil == null || lockedUntil.isAfter(now));
	}

	/** A lockout whose time has passed; the account is active again. */
	public boolean isLockoutOverAt(Instant now) {
		return this.status == AccountStatus.LOCKED && this.lockedUntil != null && !this.lockedUntil.isAfter(now);
	}

	/**
	 * Lifts a lockout whose time has passed.
	 * @return whether there was one
	 */
	public boolean liftExpiredLockout(Instant now) {
		if (!isLockoutOverAt(now)) {
			return false;
		}
		this.status = AccountStatus.ACTIVE;
		this.lockedUntil = null;
		this.updatedAt = now;
		return true;
	}

	/** A successful login: clears the failures and the lockout escalation. */
	public void recordLogin(Instant now) {
		this.failedAttempts = 0;
		this.firstFailedAt = null;
		this.lockouts = 0;
		this.lastLoginAt = now;
	}

	/** Stores a TOTP seed (encrypted) that is not yet confirmed. */
	public void startMfaEnrolment(byte[] encryptedSecret, Instant now) {
		this.mfaSecret = encryptedSecret;
		this.mfaEnabledAt = null;
		this.mfaLastStep = null;
		this.updatedAt = now;
	}

	public void confirmMfa(long step, Instant now) {
		this.mfaEnabledAt = now;
		this.mfaLastStep = step;
		this.updatedAt = now;
	}

	/** Records the TOTP step just used; refuses a step not after the last one (replay). */
	public boolean useMfaStep(long step) {
		if (this.mfaLastStep != null && step <= this.mfaLastStep) {
			return false;
		}
		this.mfaLastStep = step;
		return true;
	}

	public void resetMfa(Instant now) {
		this.mfaSecret = null;
		this.mfaEnabledAt = null;
		this.mfaLastStep = null;
		this.updatedAt = now;
	}

}
