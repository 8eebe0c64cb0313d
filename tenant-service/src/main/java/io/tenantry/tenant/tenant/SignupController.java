package io.tenantry.tenant.tenant;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.ClientAddress;
import io.tenantry.common.web.ProblemDetailsExceptionHandler;
import io.tenantry.common.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Self-service sign-up, without a token: a BASIC tenant whose owner is invited by email.
 * Limited to {@code signups-per-hour} per client address (the address the trusted proxies
 * saw, {@link ClientAddress}, which a client cannot forge) and instance.
 */
@RestController
class SignupController {

	private static final Duration WINDOW = Duration.ofHours(1);

	private final Tenants tenants;

	private final TenantProperties properties;

	private final Clock clock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	SignupController(Tenants tenants, TenantProperties properties, Clock clock) {
		this.tenants = tenants;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping("/api/signup")
	@Operation(summary = "Sign up: a new tenant and its first OWNER (public, rate limited)",
			description = "The tenant is PROVISIONING until its root organization exists and its owner is invited "
					+ "(GET /api/tenants/{id} shows the steps), then ACTIVE. The owner sets a password from the "
					+ "invitation. A taken slug is 409; too many sign-ups from one address is 429 with Retry-After.")
	ResponseEntity<?> signUp(@Valid @RequestBody TenantRequests.SignUp request, HttpServletRequest http) {
		Instant now = this.clock.instant();
		Window window = this.windows.compute(ClientAddress.of(http),
				(key, current) -> (current == null || !current.start().plus(WINDOW).isAfter(now)) ? new Window(now, 1)
						: new Window(current.start(), current.count() + 1));
		if (window.count() > this.properties.signupsPerHour()) {
			long retryAfter = Math.max(1, Duration.between(now, window.start().plus(WINDOW)).toSeconds());
			return ResponseEntity.status(ProblemType.TOO_MANY_REQUESTS.status())
				.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
				.body(ProblemDetailsExceptionHandler.problem(ProblemType.TOO_MANY_REQUESTS,
						"Too many sign-ups from this address; retry in " + retryAfter + " s"));
		}
		if (this.windows.size() > 100_000) {
			this.windows.entrySet().removeIf((entry) -> !entry.getValue().start().plus(WINDOW).isAfter(now));
		}
		TenantResponse created = this.tenants.signUp(request);
		return ResponseEntity.created(URI.create("/api/tenants/" + created.id())).body(created);
	}

	private record Window(Instant start, int count) {
	}

}
