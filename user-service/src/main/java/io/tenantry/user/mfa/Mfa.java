package io.tenantry.user.mfa;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.user.account.UserAccount;
import io.tenantry.user.account.UserAccountRepository;
import io.tenantry.user.events.MfaEnrolled;
import io.tenantry.user.events.MfaReset;
import io.tenantry.user.token.OpaqueTokens;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * TOTP second factor: enrolment (a seed shown once as an {@code otpauth://} URI, kept
 * encrypted), confirmation with a first code, which gives the recovery codes (single-use,
 * stored as SHA-256), verification at login (a code's time step is never accepted twice),
 * and reset. Every method runs in its caller's transaction, on a locked account row.
 */
@Component
public class Mfa {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretBox secrets;

	private final MfaProperties properties;

	private final UserAccountRepository accounts;

	private final JdbcTemplate jdbc;

	private final EventOutbox events;

	private final Clock clock;

	Mfa(SecretBox secrets, MfaProperties properties, UserAccountRepository accounts, JdbcTemplate jdbc,
			EventOutbox events, Clock clock) {
		this.secrets = secrets;
		this.properties = properties;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** Whether the user must enrol before logging in, by the configured roles. */
	public boolean requiredFor(UserAccount account) {
		return account.getRoles().stream().anyMatch(this.properties.requiredForRoles()::contains);
	}

	/** Starts (or restarts) an enrolment; refused when MFA is already on. */
	@Transactional(propagation = Propagation.MANDATORY)
	public Enrolment start(UserAccount account) {
		if (account.isMfaEnabled()) {
			throw new ConflictException("MFA is already enabled; reset it before enrolling again");
		}
		byte[] secret = Totp.newSecret();
		account.startMfaEnrolment(this.secrets.seal(account.getTenantId(), account.getId(), secret),
				this.clock.instant());
		this.accounts.saveAndFlush(account);
		return new Enrolment(Base32.encode(secret), Totp.uri(this.properties.issuer(), account.getEmail(), secret),
				Totp.DIGITS, Totp.PERIOD_SECONDS);
	}

	/** Confirms the enrolment with a first code; returns the recovery codes, shown once. */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<String> confirm(UserAccount account, String code) {
		if (account.isMfaEnabled()) {
			throw new ConflictException("MFA is already enabled");
		}
		if (account.getMfaSecret() == null) {
			throw new ConflictException("No MFA enrolment is in progress; start one first");
		}
		return tryConfirm(account, code)
			.orElseThrow(() -> new InvalidRequestException("code", "is not the current code of the authenticator"));
	}

	/**
	 * Confirms a pending enrolment when {@code code} is right.
	 * @return the recovery codes, or empty when there is no pending enrolment or the code is
	 * wrong
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<List<String>> tryConfirm(UserAccount account, String code) {
		if (account.isMfaEnabled() || account.getMfaSecret() == null) {
			return Optional.empty();
		}
		byte[] secret = this.secrets.open(account.getTenantId(), account.getId(), account.getMfaSecret());
		OptionalLong step = Totp.matchingStep(secret, code, this.clock.instant());
		if (step.isEmpty()) {
			return Optional.empty();
		}
		account.confirmMfa(step.getAsLong(), this.clock.instant());
		this.accounts.saveAndFlush(account);
		List<String> codes = newRecoveryCodes(account);
		this.events.append(Topics.USER, MfaEnrolled.TYPE, account.getId().toString(),
				new MfaEnrolled(account.getTenantId(), account.getId()), "user", account.getId().toString());
		return Optional.of(codes);
	}

	/** Checks a TOTP code or an unused recovery code, spending it. */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean verify(UserAccount account, String code) {
		if (!account.isMfaEnabled() || code == null) {
			return false;
		}
		String trimmed = code.strip();
		if (trimmed.matches("\\d{" + Totp.DIGITS + "}")) {
			byte[] secret = this.secrets.open(account.getTenantId(), account.getId(), account.getMfaSecret());
			OptionalLong step = Totp.matchingStep(secret, trimmed, this.clock.instant());
			if (step.isPresent() && account.useMfaStep(step.getAsLong())) {
				this.accounts.saveAndFlush(account);
				return true;
			}
			return false;
		}
		return this.jdbc.update(
				"update mfa_recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null",
				Timestamp.from(this.clock.instant()), account.getId(), OpaqueTokens.hash(normalize(trimmed))) == 1;
	}

	/** Removes the user's MFA (by themselves, or by an administrator: the event's actor says). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void reset(UserAccount account) {
		boolean wasEnabled = account.isMfaEnabled() || account.getMfaSecret() != null;
		account.resetMfa(this.clock.instant());
		this.accounts.saveAndFlush(account);
		this.jdbc.update("delete from mfa_recovery_code where user_id = ?", account.getId());
		if (wasEnabled) {
			this.events.append(Topics.USER, MfaReset.TYPE, account.getId().toString(),
					new MfaReset(account.getTenantId(), account.getId()));
		}
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public int recoveryCodesLeft(UserAccount account) {
		Integer left = this.jdbc.queryForObject(
				"select count(*) from mfa_recovery_code where user_id = ? and used_at is null", Integer.class,
				account.getId());
		return (left != null) ? left : 0;
	}

	private List<String> newRecoveryCodes(UserAccount account) {
		this.jdbc.update("delete from mfa_recovery_code where user_id = ?", account.getId());
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < this.properties.recoveryCodes(); i++) {
			byte[] bytes = new byte[7];
			RANDOM.nextBytes(bytes);
			String raw = Base32.encode(bytes).substring(0, 10).toLowerCase(Locale.ROOT);
			String code = raw.substring(0, 5) + "-" + raw.substring(5);
			codes.add(code);
			this.jdbc.update("insert into mfa_recovery_code (tenant_id, user_id, code_hash) values (?, ?, ?)",
					account.getTenantId(), account.getId(), OpaqueTokens.hash(normalize(code)));
		}
		return codes;
	}

	private static String normalize(String code) {
		return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * @param secret the seed, base32, for manual entry
	 * @param otpauthUri the URI to show as a QR code
	 */
	public record Enrolment(String secret, String otpauthUri, int digits, int period) {

		@Override
		public String toString() {
			return "Enrolment[***]";
		}

	}

}
