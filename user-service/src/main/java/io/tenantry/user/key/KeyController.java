package io.tenantry.user.key;

import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.user.account.Caller;
import io.tenantry.user.account.Role;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth/keys")
class KeyController {

	private final SigningKeys keys;

	KeyController(SigningKeys keys) {
		this.keys = keys;
	}

	@PostMapping("/rotate")
	@Operation(summary = "Sign with a new key from now on (PLATFORM_ADMIN)",
			description = "The previous key stays in the JWKS until the tokens it signed have expired.")
	Map<String, Object> rotate() {
		Caller caller = Caller.current();
		if (!PlatformTenant.ID.equals(caller.tenantId()) || !caller.hasAnyRole(Set.of(Role.PLATFORM_ADMIN))) {
			throw new AccessDeniedException("Only a PLATFORM_ADMIN may rotate the signing key");
		}
		String kid = this.keys.rotate("manual");
		return Map.of("kid", kid, "published", this.keys.jwkSet().getKeys().stream().map((key) -> key.getKeyID()).toList());
	}

}
