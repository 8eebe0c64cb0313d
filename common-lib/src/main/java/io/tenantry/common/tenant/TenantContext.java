package io.tenantry.common.tenant;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The tenant the current unit of work acts for.
 * <p>
 * On an HTTP request the tenant is the {@code tid} claim of the verified access token;
 * nothing a client sends in a header, body or query can change it. Work that has no
 * request (a Kafka consumer, a scheduled job, a login before any token exists) names its
 * tenant explicitly with {@link #callAs(UUID, Callable)}.
 */
public final class TenantContext {

	/** The JWT claim that carries the tenant id. */
	public static final String TENANT_CLAIM = "tid";

	private static final ThreadLocal<UUID> EXPLICIT = new ThreadLocal<>();

	private TenantContext() {
	}

	/** The tenant of the current unit of work, if there is one. */
	public static Optional<UUID> currentTenantId() {
		UUID explicit = EXPLICIT.get();
		if (explicit != null) {
			return Optional.of(explicit);
		}
		return tenantOf(SecurityContextHolder.getContext().getAuthentication());
	}

	/** The tenant of the current unit of work; refuses when there is none. */
	public static UUID requireTenantId() {
		return currentTenantId().orElseThrow(MissingTenantException::new);
	}

	/** The tenant named by an authenticated JWT principal, if any. */
	public static Optional<UUID> tenantOf(Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return parse(jwt.getToken().getClaimAsString(TENANT_CLAIM));
		}
		return Optional.empty();
	}

	/** Runs {@code work} for {@code tenantId}, restoring the previous tenant afterwards. */
	public static <T> T callAs(UUID tenantId, Callable<T> work) {
		UUID previous = EXPLICIT.get();
		EXPLICIT.set(tenantId);
		try {
			return work.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			if (previous == null) {
				EXPLICIT.remove();
			}
			else {
				EXPLICIT.set(previous);
			}
		}
	}

	/** Runs {@code work} for {@code tenantId}, restoring the previous tenant afterwards. */
	public static void runAs(UUID tenantId, Runnable work) {
		callAs(tenantId, () -> {
			work.run();
			return null;
		});
	}

	static Optional<UUID> parse(String value) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
