package io.tenantry.user.client;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.user.account.Caller;
import io.tenantry.user.account.Role;
import io.tenantry.user.entitlement.Entitlements;
import io.tenantry.user.entitlement.TenantEntitlements;
import io.tenantry.user.events.ApiClientCreated;
import io.tenantry.user.events.ApiClientRevoked;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's API clients: machines that get access tokens with {@code client_credentials}
 * at {@code /oauth2/token}. An OWNER or ADMIN creates one with roles (any tenant role but
 * OWNER) and scopes; the secret is shown once and stored hashed. Revoking deletes the
 * client from the authorization server: it gets no new token, and the tokens it holds
 * expire within their 10 minutes.
 * <p>
 * API clients are a feature of the tenant's plan ({@code api_access}, in Professional and
 * Enterprise): a tenant whose plan lacks it is refused a new client (403
 * {@code plan-limit-exceeded}). Clients it already has keep working: a downgrade does not
 * cut off a running integration unannounced.
 */
@Service
public class ApiClients {

	/** Client setting naming the tenant a client belongs to; read when its tokens are minted. */
	public static final String TENANT_SETTING = "tenantry.tenant-id";

	/** Client setting with the roles its tokens carry. */
	public static final String ROLES_SETTING = "tenantry.roles";

	static final Set<String> SCOPES = Set.of("users:read", "users:write", "tenants:read", "organizations:read",
			"organizations:write", "billing:read", "billing:write", "audit:read", "security:read", "usage:write");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final RegisteredClientRepository registeredClients;

	private final PasswordEncoder secrets;

	private final JdbcTemplate jdbc;

	private final EventOutbox events;

	private final TenantEntitlements entitlements;

	private final Clock clock;

	private final Duration accessTokenTtl;

	ApiClients(RegisteredClientRepository registeredClients, PasswordEncoder secrets, JdbcTemplate jdbc,
			EventOutbox events, TenantEntitlements entitlements, Clock clock,
			io.tenantry.user.auth.TokenProperties tokens) {
		this.registeredClients = registeredClients;
		this.secrets = secrets;
		this.jdbc = jdbc;
		this.events = events;
		this.entitlements = entitlements;
		this.clock = clock;
		this.accessTokenTtl = tokens.accessTokenTtl();
	}

	@Transactional
	public CreatedClient create(Caller caller, String name, List<String> roles, List<String> scopes) {
		caller.requireManager();
		List<String> grantedRoles = roles(roles);
		List<String> grantedScopes = scopes(scopes);
		this.entitlements.of(caller.tenantId()).requireFeature(Entitlements.API_ACCESS);
		UUID id = UUID.randomUUID();
		String clientId = "tc_" + random(16);
		String secret = "tcs_" + random(32);
		Instant now = this.clock.instant();
		this.jdbc.update("""
				insert into api_client (tenant_id, id, client_id, name, roles, scopes, created_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)
				""", caller.tenantId(), id, clientId, name, grantedRoles.toArray(String[]::new),
				grantedScopes.toArray(String[]::new), caller.subject(), Timestamp.from(now));
		this.registeredClients.save(RegisteredClient.withId(id.toString())
			.clientId(clientId)
			.clientIdIssuedAt(now)
			.clientSecret(this.secrets.encode(secret))
			.clientName(name)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes((set) -> set.addAll(grantedScopes))
			.clientSettings(ClientSettings.builder()
				.setting(TENANT_SETTING, caller.tenantId().toString())
				.setting(ROLES_SETTING, String.join(",", grantedRoles))
				.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(this.accessTokenTtl)
				.build())
			.build());
		this.events.append(Topics.USER, ApiClientCreated.TYPE, id.toString(),
				new ApiClientCreated(caller.tenantId(), id, clientId, name, grantedRoles, grantedScopes));
		return new CreatedClient(new ApiClientView(id, clientId, name, grantedRoles, grantedScopes, now, null), secret);
	}

	@Transactional(readOnly = true)
	public List<ApiClientView> list(Caller caller) {
		caller.requireManager();
		return this.jdbc.query("""
				select id, client_id, name, roles, scopes, created_at, revoked_at from api_client
				order by created_at desc
				""", (rs, row) -> new ApiClientView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
				List.of((String[]) rs.getArray(4).getArray()), List.of((String[]) rs.getArray(5).getArray()),
				rs.getTimestamp(6).toInstant(), (rs.getTimestamp(7) != null) ? rs.getTimestamp(7).toInstant() : null));
	}

	@Transactional
	public void revoke(Caller caller, UUID id) {
		caller.requireManager();
		List<String> clientIds = this.jdbc.queryForList(
				"update api_client set revoked_at = ? where id = ? and revoked_at is null returning client_id",
				String.class, Timestamp.from(this.clock.instant()), id);
		if (clientIds.isEmpty()) {
			throw new ResourceNotFoundException("API client", id);
		}
		this.jdbc.update("delete from oauth2_registered_client where id = ?", id.toString());
		this.events.append(Topics.USER, ApiClientRevoked.TYPE, id.toString(),
				new ApiClientRevoked(caller.tenantId(), id, clientIds.get(0)));
	}

	private static List<String> roles(List<String> requested) {
		Set<String> roles = new LinkedHashSet<>();
		for (String name : (requested != null) ? requested : List.<String>of()) {
			Role role;
			try {
				role = Role.valueOf(name.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequestException("roles", "unknown role '" + name + "'");
			}
			if (Role.OWNERS.contains(role)) {
				throw new AccessDeniedException("An API client cannot be an owner");
			}
			roles.add(role.name());
		}
		return List.copyOf(roles);
	}

	private static List<String> scopes(List<String> requested) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String scope : (requested != null) ? requested : List.<String>of()) {
			if (!SCOPES.contains(scope)) {
				throw new InvalidRequestException("scopes",
						"unknown scope '" + scope + "'; one of " + SCOPES.stream().sorted().toList());
			}
			scopes.add(scope);
		}
		return List.copyOf(scopes);
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	/** A client as the API shows it: never its secret. */
	public record ApiClientView(UUID id, String clientId, String name, List<String> roles, List<String> scopes,
			Instant createdAt, Instant revokedAt) {
	}

	/** The answer to a creation: the only time the secret is shown. */
	public record CreatedClient(ApiClientView client, String clientSecret) {

		@Override
		public String toString() {
			return "CreatedClient[" + this.client + "]";
		}

	}

}
