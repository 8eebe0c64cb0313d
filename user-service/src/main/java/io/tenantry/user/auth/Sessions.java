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
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.user.account.AccessWithdrawn;
import io.tenantry.user.account.UserAccount;
import io.tenantry.user.account.UserAccountRepository;
import io.tenantry.user.events.LoggedOut;
import io.tenantry.user.events.RefreshReuseDetected;
import io.tenantry.user.events.SessionRevoked;
import io.tenantry.user.tenant.TenantDirectory;
import io.tenantry.user.token.OpaqueTokens;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login sessions and their refresh tokens.
 * <p>
 * A session is the family of the refresh tokens issued since one login. Each refresh
 * spends the presented token and issues the next one; a spent token presented again means
 * that someone holds a copy, so the whole session is revoked and
 * {@code auth.refresh-reuse-detected} is published. A session ends after
 * {@code session-idle-timeout} without a refresh and {@code session-max-lifetime} after
 * its login, and cannot be refreshed while its tenant is pending deletion or deleted (a
 * SUSPENDED tenant's users keep theirs, to pay: {@link TenantDirectory}). Refresh tokens
 * are opaque; only their SHA-256 is stored.
 */
@Component
public class Sessions {

	static final String REFRESH_TOKEN = "rt";

	private final JdbcTemplate jdbc;

	private final UserAccountRepository accounts;

	private final TokenIssuer issuer;

	private final TokenProperties properties;

	private final EventOutbox events;

	private final TransactionTemplate transactions;

	private final TenantDirectory tenants;

	private final Clock clock;

	private final AuthMetrics metrics;

	Sessions(JdbcTemplate jdbc, UserAccountRepository accounts, TokenIssuer issuer, TokenProperties properties,
			EventOutbox events, TransactionTemplate transactions, TenantDirectory tenants, Clock clock,
			AuthMetrics metrics) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.issuer = issuer;
		this.properties = properties;
		this.events = events;
		this.transactions = transactions;
		this.tenants = tenants;
		this.clock = clock;
		this.metrics = metrics;
	}

	/** Opens a session for a user who just logged in; runs in the login's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	Opened open(UserAccount account, List<String> methods, ClientInfo client) {
		Instant now = this.clock.instant();
		UUID sessionId = UUID.randomUUID();
		this.jdbc.update("""
				insert into user_session (tenant_id, id, user_id, created_at, last_used_at, expires_at, ip, user_agent, authn_methods)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""", account.getTenantId(), sessionId, account.getId(), Timestamp.from(now), Timestamp.from(now),
				Timestamp.from(now.plus(this.properties.sessionMaxLifetime())), client.ip(), client.userAgent(),
				methods.toArray(String[]::new));
		return new Opened(sessionId, tokens(account, sessionId, now));
	}

	/** Spends a refresh token and issues the next one with a new access token. */
	TokenResponse refresh(String refreshToken) {
		UUID tenant = OpaqueTokens.tenantOf(REFRESH_TOKEN, refreshToken).orElseThrow(Sessions::invalid);
		String hash = OpaqueTokens.hash(refreshToken);
		// The reuse revocation must commit even though the request then fails.
		RefreshOutcome outcome = TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> rotate(hash)));
		if (outcome.response() == null) {
			throw invalid();
		}
		this.metrics.tokenIssued("refresh_token");
		return outcome.response();
	}

	private RefreshOutcome rotate(String hash) {
		Instant now = this.clock.instant();
		List<StoredToken> found = this.jdbc.query("""
				select t.session_id, t.used_at, s.user_id, s.revoked_at, s.last_used_at, s.expires_at
				from refresh_token t join user_session s on s.tenant_id = t.tenant_id and s.id = t.session_id
				where t.token_hash = ? for update of t, s
				""", (rs, row) -> new StoredToken(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2)),
				rs.getObject(3, UUID.class), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)),
				instant(rs.getTimestamp(6))), hash);
		if (found.isEmpty()) {
			return RefreshOutcome.REFUSED;
		}
		StoredToken token = found.get(0);
		if (token.sessionRevokedAt() != null) {
			return RefreshOutcome.REFUSED;
		}
		if (token.usedAt() != null) {
			revoke(token.userId(), token.sessionId(), "refresh-reuse");
			this.events.append(Topics.USER, RefreshReuseDetected.TYPE, token.userId().toString(),
					new RefreshReuseDetected(TenantContext.requireTenantId(), token.userId(), token.sessionId()),
					"user", token.userId().toString());
			return RefreshOutcome.REFUSED;
		}
		if (!token.expiresAt().isAfter(now)
				|| !token.lastUsedAt().plus(this.properties.sessionIdleTimeout()).isAfter(now)) {
			return RefreshOutcome.REFUSED;
		}
		Optional<UserAccount> account = this.accounts.findById(token.userId());
		if (account.isEmpty() || !account.get().isActive() || !this.tenants.acceptsLogins(account.get().getTenantId())) {
			return RefreshOutcome.REFUSED;
		}
		this.jdbc.update("update refresh_token set used_at = ? where token_hash = ?", Timestamp.from(now), hash);
		this.jdbc.update("update user_session set last_used_at = ? where id = ?", Timestamp.from(now),
				token.sessionId());
		return new RefreshOutcome(tokens(account.get(), token.sessionId(), now));
	}

	private TokenResponse tokens(UserAccount account, UUID sessionId, Instant now) {
		String refresh = OpaqueTokens.generate(REFRESH_TOKEN, account.getTenantId());
		this.jdbc.update("insert into refresh_token (token_hash, tenant_id, session_id, issued_at) values (?, ?, ?, ?)",
				OpaqueTokens.hash(refresh), account.getTenantId(), sessionId, Timestamp.from(now));
		String access = this.issuer.issue(account.getTenantId(), account.getId(), account.getRoles(), sessionId);
		return TokenResponse.tokens(access, this.issuer.ttlSeconds(), refresh, TokenIssuer.USER_SCOPE);
	}

	/** The user's sessions that can still be refreshed, newest first. */
	@Transactional(readOnly = true)
	List<SessionView> active(UUID userId) {
		Instant now = this.clock.instant();
		return this.jdbc.query("""
				select id, created_at, last_used_at, expires_at, ip, user_agent, authn_methods from user_session
				where user_id = ? and revoked_at is null and expires_at > ? and last_used_at > ?
				order by created_at desc
				""", (rs, row) -> new SessionView(rs.getObject(1, UUID.class), instant(rs.getTimestamp(2)),
				instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6),
				List.of((String[]) rs.getArray(7).getArray())), userId, Timestamp.from(now),
				Timestamp.from(now.minus(this.properties.sessionIdleTimeout())));
	}

	/** Revokes one session of the user; 404 when it is not theirs or not open. */
	@Transactional
	void revokeOne(UUID userId, UUID sessionId, String reason) {
		if (!revoke(userId, sessionId, reason)) {
			throw new ResourceNotFoundException("Session", sessionId);
		}
	}

	/** Revokes every open session of the user but {@code except}; returns how many. */
	@Transactional(propagation = Propagation.MANDATORY)
	int revokeAll(UUID userId, String reason, UUID except) {
		List<UUID> open = this.jdbc.queryForList(
				"select id from user_session where user_id = ? and revoked_at is null and id is distinct from ?",
				UUID.class, userId, except);
		open.forEach((sessionId) -> revoke(userId, sessionId, reason));
		return open.size();
	}

	/** The user ends the session of their access token. */
	@Transactional
	void logout(UUID userId, UUID sessionId) {
		if (revoke(userId, sessionId, "logout")) {
			this.events.append(Topics.USER, LoggedOut.TYPE, userId.toString(),
					new LoggedOut(TenantContext.requireTenantId(), userId, sessionId));
		}
	}

	/** Ends the sessions of a user whose access was taken away, in the same transaction. */
	@EventListener
	void on(AccessWithdrawn withdrawn) {
		revokeAll(withdrawn.userId(), withdrawn.reason(), withdrawn.keepSession());
	}

	private boolean revoke(UUID userId, UUID sessionId, String reason) {
		int revoked = this.jdbc.update("""
				update user_session set revoked_at = ?, revoked_reason = ?
				where id = ? and user_id = ? and revoked_at is null
				""", Timestamp.from(this.clock.instant()), reason, sessionId, userId);
		if (revoked == 1) {
			this.events.append(Topics.USER, SessionRevoked.TYPE, userId.toString(),
					new SessionRevoked(TenantContext.requireTenantId(), userId, sessionId, reason));
		}
		return revoked == 1;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static BadCredentialsException invalid() {
		return new BadCredentialsException("The refresh token is invalid, expired or revoked");
	}

	record Opened(UUID id, TokenResponse tokens) {
	}

	private record StoredToken(UUID sessionId, Instant usedAt, UUID userId, Instant sessionRevokedAt,
			Instant lastUsedAt, Instant expiresAt) {
	}

	private record RefreshOutcome(TokenResponse response) {

		static final RefreshOutcome REFUSED = new RefreshOutcome(null);

	}

}
