package io.tenantry.user.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.user.account.Caller;
import io.tenantry.user.account.UserAccountRepository;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/users/{id}/sessions")
class SessionController {

	private final Sessions sessions;

	private final UserAccountRepository accounts;

	SessionController(Sessions sessions, UserAccountRepository accounts) {
		this.sessions = sessions;
		this.accounts = accounts;
	}

	@GetMapping
	@Transactional(readOnly = true)
	@Operation(summary = "The user's open sessions (the user, or OWNER/ADMIN)")
	List<SessionView> list(@PathVariable UUID id) {
		requireUser(id);
		return this.sessions.active(id);
	}

	@DeleteMapping("/{sessionId}")
	@Transactional
	@Operation(summary = "Revoke one session: its refresh tokens stop working")
	org.springframework.http.ResponseEntity<Void> revoke(@PathVariable UUID id, @PathVariable UUID sessionId) {
		Caller caller = requireUser(id);
		this.sessions.revokeOne(id, sessionId, caller.is(id) ? "user" : "admin");
		return org.springframework.http.ResponseEntity.noContent().build();
	}

	@DeleteMapping
	@Transactional
	@Operation(summary = "Revoke every session of the user")
	Map<String, Integer> revokeAll(@PathVariable UUID id) {
		Caller caller = requireUser(id);
		return Map.of("revoked", this.sessions.revokeAll(id, caller.is(id) ? "user" : "admin", null));
	}

	private Caller requireUser(UUID id) {
		Caller caller = Caller.current();
		caller.requireSelfOrManager(id);
		if (!this.accounts.existsById(id)) {
			throw new ResourceNotFoundException("User", id);
		}
		return caller;
	}

}
